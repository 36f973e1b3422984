// X-Forwarded-For as a proxy passes on whatever a client wrote, and --trusted-proxies as an
// operator might mistype it: the first line is the trusted list (comma-separated), the rest
// the header. The client named is always an address: the peer, or one the header held.

#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "platform/net/trusted_proxies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  std::vector<std::string> entries;
  std::string_view list = input.substr(0, newline);
  while (!list.empty()) {
    const auto comma = list.find(',');
    entries.emplace_back(list.substr(0, comma));
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
  }
  platform::net::TrustedProxies proxies;
  try {
    proxies = platform::net::TrustedProxies::Parse(entries);
  } catch (const std::invalid_argument&) {
    proxies = platform::net::TrustedProxies::Parse({"loopback", "private"});
  }
  const std::string_view header =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  for (const char* peer : {"127.0.0.1", "10.1.2.3", "::1", "203.0.113.5"}) {
    const std::string client = proxies.ClientOf(boost::asio::ip::make_address(peer), header);
    boost::system::error_code ec;
    boost::asio::ip::make_address(client, ec);
    if (ec) __builtin_trap();
  }
  return 0;
}
