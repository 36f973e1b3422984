#pragma once

#include <optional>

#include "platform/identity/login_throttle.hpp"
#include "platform/net/router.hpp"
#include "vizora/identity/email_verification_service.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/password_reset_service.hpp"

namespace vizora::identity {

struct CookiePolicy {
  bool secure = false;  // --cookie-secure: set on HTTPS deployments
};

// Vizora's session cookies: vizora_access, vizora_refresh (sent to /api/v1/auth only) and
// the double-submit vizora_csrf the dashboard echoes in X-CSRF-Token.
platform::identity::SessionCookies Cookies(CookiePolicy policy = {});
// A signed-in answer: the session as JSON (user, organization, tokens) and its cookies.
platform::net::Response SessionResponse(int status, const Session& session, CookiePolicy policy);

// /api/v1/auth/{register,login,refresh,logout,me}.
// Limits on the unauthenticated endpoints, against guessing and sign-up floods. Per client
// address unless noted; generous enough for an office behind one NAT address.
inline const platform::net::RateLimit kLoginPerIp = platform::net::RateLimit::PerMinute(20);
// One account from one address: 429 beyond; from all addresses together: slowed, not refused.
inline const platform::identity::LoginThrottle kLoginThrottle{
    .per_account_and_address = platform::net::RateLimit::PerMinute(10),
    .per_account = platform::net::RateLimit::PerMinute(10)};
inline const platform::net::RateLimit kRegisterPerIp = platform::net::RateLimit::PerHour(20);
inline const platform::net::RateLimit kRefreshPerIp = platform::net::RateLimit::PerMinute(60);

// Signing up also mails the new address a link to verify it.
void AddIdentityRoutes(platform::net::Router& router, IdentityService& identity,
                       EmailVerificationService& verification, CookiePolicy cookies,
                       platform::net::RateLimiter& limiter);

// Asking for a reset link: per address, on top of PasswordResets' three per account and hour.
inline const platform::net::RateLimit kPasswordResetPerIp = platform::net::RateLimit::PerHour(20);
// POST /api/v1/auth/password-reset and …/confirm.
void AddPasswordResetRoutes(platform::net::Router& router, PasswordResetService& resets);

// POST /api/v1/auth/verify-email {token} and …/resend (signed in).
void AddEmailVerificationRoutes(platform::net::Router& router,
                                EmailVerificationService& verification);

// Enforces Route::access for every module: "viewer" | "manager" | "admin" need an access token
// (Authorization: Bearer, or the vizora_access cookie plus X-CSRF-Token on writes) whose role
// is at least that. Anything else fails closed (403). Sets Request::principal to a Principal.
boost::asio::awaitable<std::optional<platform::net::Response>> GuardRequest(
    IdentityService& identity, platform::net::Request& request);

// The access token a request carries: the Authorization header (Bearer) or else the
// vizora_access cookie.
platform::identity::PresentedToken AccessTokenOf(const platform::net::Request& request);

// Client address and user agent, for audit rows.
using platform::identity::MetaOf;

// The caller, for handlers of guarded routes.
const Principal& PrincipalOf(const platform::net::Request& request);

}  // namespace vizora::identity
