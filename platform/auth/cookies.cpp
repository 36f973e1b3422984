#include "platform/auth/cookies.hpp"

namespace platform::auth {

std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options) {
  std::string out;
  out.reserve(name.size() + value.size() + 80);
  out.append(name).append("=").append(value);
  out.append("; Path=").append(options.path);
  if (options.max_age_seconds >= 0)
    out.append("; Max-Age=").append(std::to_string(options.max_age_seconds));
  if (options.http_only) out.append("; HttpOnly");
  if (options.secure) out.append("; Secure");
  if (!options.same_site.empty()) out.append("; SameSite=").append(options.same_site);
  return out;
}

std::optional<std::string_view> CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semicolon = header.find(';');
    std::string_view pair = header.substr(0, semicolon);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      std::string_view value = pair.substr(equals + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return value;
    }
    if (semicolon == std::string_view::npos) break;
    header.remove_prefix(semicolon + 1);
  }
  return std::nullopt;
}

}  // namespace platform::auth
