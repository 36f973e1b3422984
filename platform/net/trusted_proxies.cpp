#include "platform/net/trusted_proxies.hpp"

#include <boost/algorithm/string/trim.hpp>
#include <stdexcept>

#include "platform/net/address_policy.hpp"

namespace platform::net {

namespace {

namespace ip = boost::asio::ip;

// IPv4 as IPv4-mapped IPv6, so one comparison covers both.
ip::address_v6 AsV6(const ip::address& a) {
  return a.is_v4() ? ip::make_address_v6(ip::v4_mapped, a.to_v4()) : a.to_v6();
}

bool SamePrefix(const ip::address_v6& a, const ip::address_v6& b, unsigned prefix) {
  const auto x = a.to_bytes(), y = b.to_bytes();
  for (unsigned bit = 0; bit < prefix; bit += 8) {
    const unsigned bits = std::min(8u, prefix - bit);
    const unsigned mask = (0xffu << (8 - bits)) & 0xffu;
    if ((x[bit / 8] & mask) != (y[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

TrustedProxies TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const std::string& entry : entries) {
    if (entry == "loopback") {
      out.loopback_ = true;
      continue;
    }
    if (entry == "private") {
      out.private_ = true;
      continue;
    }
    const auto slash = entry.find('/');
    boost::system::error_code ec;
    const auto base = ip::make_address(entry.substr(0, slash), ec);
    unsigned prefix = base.is_v4() ? 32 : 128;
    bool ok = !ec;
    if (ok && slash != std::string::npos) {
      const std::string bits = entry.substr(slash + 1);
      ok = !bits.empty() && bits.size() <= 3 &&
           bits.find_first_not_of("0123456789") == std::string::npos && std::stoul(bits) <= prefix;
      if (ok) prefix = static_cast<unsigned>(std::stoul(bits));
    }
    if (!ok) {
      throw std::invalid_argument(
          "a trusted proxy is loopback, private, an address or a "
          "network like 10.0.0.0/8, not '" +
          entry + "'");
    }
    out.networks_.push_back({ip::address(AsV6(base)), prefix + (base.is_v4() ? 96u : 0u)});
  }
  return out;
}

bool TrustedProxies::Contains(const ip::address& address) const {
  if (loopback_ || private_) {
    const auto kind = ClassifyAddress(address.to_string());
    if (loopback_ && kind == AddressClass::kLoopback) return true;
    if (private_ && kind == AddressClass::kPrivate) return true;
  }
  const auto v6 = AsV6(address);
  for (const auto& n : networks_) {
    if (SamePrefix(v6, n.base.to_v6(), n.prefix)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientOf(const ip::address& peer,
                                     std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !Contains(peer)) return peer.to_string();
  ip::address client = peer;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    std::string hop(comma == std::string_view::npos ? forwarded_for
                                                    : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    boost::algorithm::trim(hop);
    boost::system::error_code ec;
    const auto address = ip::make_address(hop, ec);
    if (ec) break;  // not an address: what is left of the header cannot be trusted
    client = address;
    if (!Contains(client)) break;
  }
  // An IPv4 client reached over IPv6 reads as the IPv4 address.
  if (client.is_v6() && client.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, client.to_v6()).to_string();
  }
  return client.to_string();
}

}  // namespace platform::net
