#include "platform/identity/web_session.hpp"

#include <algorithm>

#include "platform/auth/cookies.hpp"
#include "platform/auth/hmac.hpp"
#include "platform/core/ids.hpp"
#include "platform/identity/sessions.hpp"
#include "platform/net/json_fields.hpp"

namespace platform::identity {

using auth::CookieValue;
using auth::SetCookie;

namespace {

constexpr std::size_t kCsrfTokenBytes = 24;

}  // namespace

PresentedToken AccessTokenOf(const net::Request& r, const SessionCookies& cookies) {
  if (const auto bearer = net::BearerToken(r)) {
    if (bearer->empty()) return {.malformed = true};
    return {.token = *bearer};
  }
  if (auto cookie = CookieValue(r.Header("Cookie"), cookies.access))
    return {.token = *cookie, .via_cookie = true};
  return {};
}

std::string RefreshTokenOf(const net::Request& r, const SessionCookies& cookies) {
  if (!r.body.empty()) {
    if (auto body = net::ParseJsonObject(r)) {
      if (auto token = net::StringField(*body, "refreshToken",
                                        {.required = false, .max_bytes = kMaxRefreshTokenBytes});
          token && *token) {
        return **token;
      }
    }
  }
  return std::string(CookieValue(r.Header("Cookie"), cookies.refresh).value_or(""));
}

void SetSessionCookies(net::Response& r, const SessionCookies& c, std::string_view access_token,
                       std::int64_t access_seconds, std::string_view refresh_token,
                       std::int64_t refresh_seconds) {
  r.AddHeader(
      "Set-Cookie",
      SetCookie(c.access, access_token,
                {.secure = c.secure, .same_site = c.same_site, .max_age_seconds = access_seconds}));
  r.AddHeader("Set-Cookie", SetCookie(c.refresh, refresh_token,
                                      {.secure = c.secure,
                                       .same_site = c.same_site,
                                       .path = c.refresh_path,
                                       .max_age_seconds = refresh_seconds}));
  if (!c.csrf.empty()) {
    // Readable by the web app's script, which echoes it in X-CSRF-Token (double submit).
    r.AddHeader("Set-Cookie", SetCookie(c.csrf, RandomToken(kCsrfTokenBytes),
                                        {.http_only = false,
                                         .secure = c.secure,
                                         .same_site = c.same_site,
                                         .max_age_seconds = refresh_seconds}));
  }
}

void ClearSessionCookies(net::Response& r, const SessionCookies& c) {
  r.AddHeader("Set-Cookie",
              SetCookie(c.access, "",
                        {.secure = c.secure, .same_site = c.same_site, .max_age_seconds = 0}));
  r.AddHeader("Set-Cookie", SetCookie(c.refresh, "",
                                      {.secure = c.secure,
                                       .same_site = c.same_site,
                                       .path = c.refresh_path,
                                       .max_age_seconds = 0}));
  if (!c.csrf.empty()) {
    r.AddHeader("Set-Cookie", SetCookie(c.csrf, "",
                                        {.http_only = false,
                                         .secure = c.secure,
                                         .same_site = c.same_site,
                                         .max_age_seconds = 0}));
  }
}

bool SessionByCookie(const net::Request& r, const SessionCookies& cookies) {
  if (net::BearerToken(r)) return false;
  const std::string_view jar = r.Header("Cookie");
  if (CookieValue(jar, cookies.access)) return true;
  const auto refresh_cookie = CookieValue(jar, cookies.refresh);
  // The refresh token is the cookie's unless the body names another.
  return refresh_cookie && RefreshTokenOf(r, cookies) == *refresh_cookie;
}

bool IsWrite(net::Method m) {
  return m != net::Method::kGet && m != net::Method::kHead && m != net::Method::kOptions;
}

bool OriginAllowed(const net::Request& r, const std::vector<std::string>& allowed) {
  const std::string_view origin = r.Header("Origin");
  if (origin.empty()) return true;
  const std::string host(r.Header("Host"));
  if (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) return true;
  return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

std::optional<Error> CheckCsrf(const net::Request& r, const SessionCookies& cookies,
                               const std::vector<std::string>& allowed_origins) {
  if (cookies.check_origin && !OriginAllowed(r, allowed_origins)) {
    return Error(errors::kCsrfRejected, "this origin may not write with a session cookie");
  }
  if (!cookies.csrf.empty()) {
    const std::string_view sent = r.Header(kCsrfHeader);
    const std::string_view expected = CookieValue(r.Header("Cookie"), cookies.csrf).value_or("");
    if (expected.empty() || !auth::ConstantTimeEqual(sent, expected)) {
      return Error(errors::kCsrfRejected, "missing or wrong X-CSRF-Token");
    }
  }
  return std::nullopt;
}

RequestMeta MetaOf(const net::Request& r) {
  return {.ip = r.remote_address, .user_agent = std::string(r.Header("User-Agent"))};
}

}  // namespace platform::identity
