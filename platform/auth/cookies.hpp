#pragma once

// Cookies: building Set-Cookie values and reading one cookie from a Cookie header.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace platform::auth {

struct CookieOptions {
  bool http_only = true;
  bool secure = false;
  std::string_view same_site = "Lax";
  std::string_view path = "/";
  std::int64_t max_age_seconds = -1;  // -1: a session cookie; 0: delete it now
};

// "name=value; Path=/; Max-Age=…; HttpOnly; Secure; SameSite=Lax". Name and value must be
// cookie-safe already (tokens are base64url).
std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options);
// The value of `name` in a Cookie request header, if present.
std::optional<std::string_view> CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace platform::auth
