#include "platform/net/address_policy.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>

namespace platform::net {

namespace {

namespace ip = boost::asio::ip;

struct V4Range {
  std::uint32_t base;
  int prefix;
  AddressClass kind;
};

constexpr std::uint32_t V4(int a, int b, int c, int d) {
  return (static_cast<std::uint32_t>(a) << 24) | (static_cast<std::uint32_t>(b) << 16) |
         (static_cast<std::uint32_t>(c) << 8) | static_cast<std::uint32_t>(d);
}

// Most specific first: the metadata address sits inside link-local.
constexpr std::array kV4Ranges{
    V4Range{V4(169, 254, 169, 254), 32, AddressClass::kMetadata},
    V4Range{V4(255, 255, 255, 255), 32, AddressClass::kMulticast},
    V4Range{V4(0, 0, 0, 0), 8, AddressClass::kUnspecified},
    V4Range{V4(10, 0, 0, 0), 8, AddressClass::kPrivate},
    V4Range{V4(100, 64, 0, 0), 10, AddressClass::kPrivate},
    V4Range{V4(127, 0, 0, 0), 8, AddressClass::kLoopback},
    V4Range{V4(169, 254, 0, 0), 16, AddressClass::kLinkLocal},
    V4Range{V4(172, 16, 0, 0), 12, AddressClass::kPrivate},
    V4Range{V4(192, 0, 0, 0), 24, AddressClass::kReserved},
    V4Range{V4(192, 0, 2, 0), 24, AddressClass::kReserved},
    V4Range{V4(192, 168, 0, 0), 16, AddressClass::kPrivate},
    V4Range{V4(198, 18, 0, 0), 15, AddressClass::kReserved},
    V4Range{V4(198, 51, 100, 0), 24, AddressClass::kReserved},
    V4Range{V4(203, 0, 113, 0), 24, AddressClass::kReserved},
    V4Range{V4(224, 0, 0, 0), 4, AddressClass::kMulticast},
    V4Range{V4(240, 0, 0, 0), 4, AddressClass::kReserved},
};

AddressClass ClassifyV4(std::uint32_t a) {
  for (const auto& r : kV4Ranges) {
    const std::uint32_t mask = r.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - r.prefix);
    if ((a & mask) == (r.base & mask)) return r.kind;
  }
  return AddressClass::kPublic;
}

AddressClass ClassifyV6(const ip::address_v6& a) {
  if (a.is_v4_mapped()) return ClassifyV4(ip::make_address_v4(ip::v4_mapped, a).to_uint());
  const auto b = a.to_bytes();
  // 64:ff9b::/96, NAT64: an IPv4 address in the last 32 bits.
  static constexpr std::array<unsigned char, 12> kNat64{0, 0x64, 0xff, 0x9b, 0, 0,
                                                        0, 0,    0,    0,    0, 0};
  if (std::equal(kNat64.begin(), kNat64.end(), b.begin())) {
    return ClassifyV4(V4(b[12], b[13], b[14], b[15]));
  }
  if (a.is_unspecified()) return AddressClass::kUnspecified;
  if (a.is_loopback()) return AddressClass::kLoopback;
  if (a == ip::make_address_v6("fd00:ec2::254")) return AddressClass::kMetadata;
  if (a.is_multicast()) return AddressClass::kMulticast;
  if (a.is_link_local()) return AddressClass::kLinkLocal;
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::kPrivate;  // fc00::/7
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) {
    return AddressClass::kReserved;  // 2001:db8::/32, documentation
  }
  if (a.is_site_local()) return AddressClass::kPrivate;  // fec0::/10, deprecated
  if (std::all_of(b.begin(), b.begin() + 12, [](unsigned char x) { return x == 0; })) {
    return AddressClass::kReserved;  // ::a.b.c.d, the deprecated IPv4-compatible form
  }
  return AddressClass::kPublic;
}

}  // namespace

AddressClass ClassifyAddress(std::string_view text) {
  boost::system::error_code ec;
  const ip::address a = ip::make_address(std::string(text), ec);
  if (ec) return AddressClass::kInvalid;
  return a.is_v4() ? ClassifyV4(a.to_v4().to_uint()) : ClassifyV6(a.to_v6());
}

}  // namespace platform::net
