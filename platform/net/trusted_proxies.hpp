#pragma once

// Which peers may say who the client is. Behind a reverse proxy or load balancer every
// connection comes from the proxy, so per-address limits (sign-in, sign-up, connections)
// would count all users as one; a proxy the operator trusts names the client in
// X-Forwarded-For instead. Anyone else's X-Forwarded-For is ignored: a client could write
// anything there.

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace platform::net {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts no one
  // Entries: "loopback" (127/8 and ::1), "private" (10/8, 172.16/12, 192.168/16, 100.64/10,
  // fc00::/7), an address, or a network ("10.1.0.0/16", "2001:db8::/32"). Throws
  // std::invalid_argument with a sentence naming a bad entry.
  static TrustedProxies Parse(const std::vector<std::string>& entries);

  bool Contains(const boost::asio::ip::address& address) const;
  bool empty() const { return networks_.empty() && !loopback_ && !private_; }

  // The client behind `peer`: walking X-Forwarded-For from the right (the entry the nearest
  // proxy added), the first address that is not itself a trusted proxy. `peer` when it is
  // not trusted, or the header is absent or holds something that is not an address.
  std::string ClientOf(const boost::asio::ip::address& peer, std::string_view forwarded_for) const;

 private:
  struct Network {
    boost::asio::ip::address base;  // v6; IPv4 as v4-mapped
    unsigned prefix = 0;            // of 128
  };
  std::vector<Network> networks_;
  bool loopback_ = false;
  bool private_ = false;
};

}  // namespace platform::net
