#pragma once

// /api/v2/user/* (VIZTUBE-API.md "Users") and the guard every module's routes go through.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/blob/blob_store.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/identity/web_session.hpp"
#include "platform/net/router.hpp"
#include "viztube/api/rate_limits.hpp"
#include "viztube/users/email_verification.hpp"
#include "viztube/users/password_reset.hpp"
#include "viztube/users/users_service.hpp"

namespace viztube::users {

// Route::access values.
inline constexpr std::string_view kSignedIn = "user";            // a session is required
inline constexpr std::string_view kOptionalSignIn = "optional";  // read when present

struct WebPolicy {
  bool secure_cookies = false;               // --cookie-secure
  std::vector<std::string> allowed_origins;  // --cors-origins: besides the server's own
};

// accessToken and refreshToken: HttpOnly, SameSite=Strict, Path=/; cookie-authenticated
// writes from a foreign Origin are refused.
platform::identity::SessionCookies Cookies(const WebPolicy& policy);

// Enforces Route::access: kSignedIn needs a valid session (Bearer or cookie), kOptionalSignIn
// sets the caller when a valid one is presented and goes on anonymously otherwise.
boost::asio::awaitable<std::optional<platform::net::Response>> GuardRequest(
    UsersService& users, const WebPolicy& policy, platform::net::Request& request);

// The caller: null on an optional route called anonymously.
const Principal* CallerOf(const platform::net::Request& request);
// The caller's id on an optional route, if signed in.
std::optional<std::string> CallerIdOf(const platform::net::Request& request);
// For kSignedIn routes.
const Principal& PrincipalOf(const platform::net::Request& request);
// ServerOptions::caller_key: the caller's user id, "" when anonymous.
std::string CallerKey(const platform::net::Request& request);

struct UserRoutesContext {
  UsersService& users;
  EmailVerification& verification;  // mails a link on registering and on a new address
  platform::blob::BlobStore& blobs;
  platform::WorkerPool& pool;
  platform::net::RateLimiter& limiter;
  // login_per_ip, login_per_account, register_per_ip and refresh_per_ip.
  const api::RateLimits& limits;
  WebPolicy web;
};

void AddUserRoutes(platform::net::Router& router, UserRoutesContext context);

// POST /api/v2/user/forgot-password and /api/v2/user/reset-password.
inline const platform::net::RateLimit kPasswordResetPerIp = platform::net::RateLimit::PerHour(20);
void AddPasswordResetRoutes(platform::net::Router& router, PasswordReset& resets);

// POST /api/v2/user/verify-email {token} and /api/v2/user/resend-verification (signed in).
void AddEmailVerificationRoutes(platform::net::Router& router, EmailVerification& verification);

}  // namespace viztube::users
