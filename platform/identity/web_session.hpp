#pragma once

// Sessions over HTTP: where a request carries its tokens (Authorization: Bearer, or the
// product's cookies), the cookies a login sets and a logout clears, and the CSRF rules for
// cookie-authenticated writes (a cookie rides along on cross-site requests; a bearer header
// cannot). Each product names its cookies and picks its CSRF defence.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/error.hpp"
#include "platform/net/http.hpp"

namespace platform::identity {

namespace errors {
inline constexpr ErrorKind kCsrfRejected{"AUTHZ_003", 403};
}  // namespace errors

inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct SessionCookies {
  std::string access;   // the access token's cookie
  std::string refresh;  // the refresh token's cookie
  // Double-submit CSRF: a script-readable cookie the web app echoes in X-CSRF-Token on every
  // write. Empty: not used (then check_origin should be).
  std::string csrf;
  std::string refresh_path = "/";  // where the browser sends the refresh cookie
  std::string same_site = "Lax";
  bool secure = false;  // HTTPS deployments
  // Cookie-authenticated writes whose Origin is neither this server nor an allowed origin are
  // refused. Requests without an Origin (not from a browser) pass.
  bool check_origin = false;
};

struct PresentedToken {
  std::string_view token;
  bool via_cookie = false;
  bool malformed = false;  // an Authorization header that is not "Bearer <token>"
};

// The Authorization header's bearer token, or else the access cookie.
PresentedToken AccessTokenOf(const net::Request& request, const SessionCookies& cookies);
// {"refreshToken"} in a JSON body, or else the refresh cookie; "" when neither.
std::string RefreshTokenOf(const net::Request& request, const SessionCookies& cookies);

void SetSessionCookies(net::Response& response, const SessionCookies& cookies,
                       std::string_view access_token, std::int64_t access_seconds,
                       std::string_view refresh_token, std::int64_t refresh_seconds);
void ClearSessionCookies(net::Response& response, const SessionCookies& cookies);

bool IsWrite(net::Method method);
// True when the session travels in cookies alone (no Authorization header, no refreshToken in
// the body): what a cross-site form can send, so a write needs CheckCsrf.
bool SessionByCookie(const net::Request& request, const SessionCookies& cookies);
// The server's own origin (scheme + Host) or one of `allowed`; no Origin at all is a
// non-browser client, which carries no ambient cookie.
bool OriginAllowed(const net::Request& request, const std::vector<std::string>& allowed);
// For a write authenticated by cookie: the product's CSRF rules. nullopt when it may pass.
std::optional<Error> CheckCsrf(const net::Request& request, const SessionCookies& cookies,
                               const std::vector<std::string>& allowed_origins);

// Client address and user agent, for audit rows.
struct RequestMeta {
  std::string ip, user_agent;
};
RequestMeta MetaOf(const net::Request& request);

}  // namespace platform::identity
