#pragma once

// Which addresses the server may connect to on a user's behalf (data feeds, web-page checks):
// the SSRF guard's rule. Only public unicast addresses, unless an operator allows more; the
// caller resolves the host itself and checks every address it will actually connect to (so a
// DNS answer cannot point a "public" name at 127.0.0.1 or the cloud metadata service).

#include <string_view>

namespace platform::net {

enum class AddressClass {
  kPublic,
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier NAT), fc00::/7
  kLinkLocal,    // 169.254/16, fe80::/10
  kMetadata,     // 169.254.169.254, fd00:ec2::254: cloud instance credentials
  kUnspecified,  // 0.0.0.0/8, ::
  kMulticast,    // 224/4, ff00::/8, broadcast
  kReserved,     // documentation, benchmarking, 240/4 and the like
  kInvalid,      // not an IP address
};

// IPv4 or IPv6 text; IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 inside.
AddressClass ClassifyAddress(std::string_view ip);
inline bool IsPublicAddress(std::string_view ip) {
  return ClassifyAddress(ip) == AddressClass::kPublic;
}

}  // namespace platform::net
