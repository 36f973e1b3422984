#include "platform/net/user_agent.hpp"

#include <charconv>

namespace platform::net {

std::optional<int> ChromiumMajorVersion(std::string_view user_agent) {
  for (std::string_view token : {"Chrome/", "Chromium/"}) {
    const auto at = user_agent.find(token);
    if (at == std::string_view::npos) continue;
    const std::string_view rest = user_agent.substr(at + token.size());
    int major = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), major);
    if (ec == std::errc() && end != rest.data() && major > 0) return major;
  }
  return std::nullopt;
}

}  // namespace platform::net
