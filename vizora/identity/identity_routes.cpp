#include "vizora/identity/identity_routes.hpp"

#include "platform/auth/jwt.hpp"
#include "platform/core/time_zone.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/identity/validation.hpp"

namespace vizora::identity {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;

namespace {

// Auth bodies are small: a cap well below the server default.
constexpr std::size_t kMaxAuthBodyBytes = 16 * 1024;

std::string RefreshTokenOf(const net::Request& r) {
  return platform::identity::RefreshTokenOf(r, Cookies());
}

}  // namespace

net::Response SessionResponse(int status, const Session& s, CookiePolicy policy) {
  net::Response r =
      net::Response::Json(status, json::object{{"user", ToJson(s.user)},
                                               {"organization", ToJson(s.organization)},
                                               {"token", s.access_token},
                                               {"refreshToken", s.refresh_token},
                                               {"expiresIn", s.expires_in},
                                               {"mailEnabled", s.mail_enabled}});
  platform::identity::SetSessionCookies(r, Cookies(policy), s.access_token, kAccessTokenSeconds,
                                        s.refresh_token, kRefreshTokenSeconds);
  return r;
}

platform::identity::SessionCookies Cookies(CookiePolicy policy) {
  return {.access = "vizora_access",
          .refresh = "vizora_refresh",
          .csrf = "vizora_csrf",
          .refresh_path = "/api/v1/auth",
          .secure = policy.secure};
}

platform::identity::PresentedToken AccessTokenOf(const net::Request& r) {
  return platform::identity::AccessTokenOf(r, Cookies());
}

const Principal& PrincipalOf(const net::Request& request) {
  return std::any_cast<const Principal&>(request.principal);
}

awaitable<std::optional<net::Response>> GuardRequest(IdentityService& identity,
                                                     net::Request& request) {
  const auto need = ParseRole(request.route->access);
  if (!need) {
    co_return net::Response::FromError(Error(platform::errors::kForbidden, "not allowed"));
  }
  const auto presented = AccessTokenOf(request);
  if (presented.malformed) {
    co_return net::Response::FromError(
        Error(platform::auth::errors::kTokenInvalid, "expected a Bearer token"));
  }
  if (presented.token.empty()) {
    co_return net::Response::FromError(
        Error(platform::auth::errors::kTokenInvalid, "authentication required"));
  }
  const std::string_view token = presented.token;
  const bool via_cookie = presented.via_cookie;
  auto authenticated = identity.Authenticate(token);
  if (!authenticated) co_return net::Response::FromError(authenticated.error());
  if (via_cookie && platform::identity::IsWrite(request.method)) {
    // A cookie rides along on cross-site requests; the header cannot be forged by another site.
    if (auto refused = platform::identity::CheckCsrf(request, Cookies(), {})) {
      co_return net::Response::FromError(*refused);
    }
  }
  // Checked against the database (briefly cached): a logout, deactivation or role change
  // counts at once, not when the 15-minute access token runs out.
  auto principal = co_await identity.ConfirmSession(std::move(*authenticated));
  if (!principal) co_return net::Response::FromError(principal.error());
  principal->via_cookie = via_cookie;
  if (!RoleAtLeast(principal->role, *need)) {
    // Built as a local: GCC 12 mishandles braced temporaries in coroutine returns.
    boost::json::object details{{"required", RoleName(*need)}, {"role", RoleName(principal->role)}};
    Error refused(platform::errors::kForbidden, "your role may not do this", std::move(details));
    co_return net::Response::FromError(refused);
  }
  request.principal = std::move(*principal);
  co_return std::nullopt;
}

void AddIdentityRoutes(net::Router& router, IdentityService& identity,
                       EmailVerificationService& verification, CookiePolicy cookies,
                       net::RateLimiter& limiter) {
  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/auth/register",
       .handler = [&identity, &verification, cookies](net::Request& r) -> awaitable<net::Response> {
         auto body = net::ParseJsonObject(r);
         if (!body) co_return net::Response::FromError(body.error());
         RegisterInput input;
         for (auto [field, target, rule] :
              {std::tuple{"email", &input.email, net::StringRule{.max_bytes = kMaxEmailBytes}},
               std::tuple{"password", &input.password,
                          net::StringRule{.max_bytes = kMaxPasswordBytes}},
               std::tuple{"firstName", &input.first_name,
                          net::StringRule{.max_bytes = kMaxNameBytes}},
               std::tuple{"lastName", &input.last_name,
                          net::StringRule{.max_bytes = kMaxNameBytes}},
               std::tuple{"organizationName", &input.organization_name,
                          net::StringRule{.max_bytes = kMaxOrganizationNameBytes}}}) {
           auto value = net::StringField(*body, field, rule);
           if (!value) co_return net::Response::FromError(value.error());
           *target = **value;
         }
         auto slug =
             net::StringField(*body, "organizationSlug", {.required = false, .max_bytes = 63});
         if (!slug) co_return net::Response::FromError(slug.error());
         input.organization_slug = *slug;
         // The browser's zone, as a default: one this server's tz database does not know
         // leaves the organization on UTC rather than refusing the sign-up.
         auto zone = net::StringField(*body, "timezone", {.required = false, .max_bytes = 64});
         if (!zone) co_return net::Response::FromError(zone.error());
         if (*zone && platform::IsKnownTimeZone(**zone)) input.time_zone = *zone;
         auto session = co_await identity.Register(std::move(input), MetaOf(r));
         if (!session) co_return net::Response::FromError(session.error());
         co_await verification.SendAfterSignUp(session->user.id);
         co_return SessionResponse(201, *session, cookies);
       },
       .summary = "Create an organization and its first admin",
       .max_body_bytes = kMaxAuthBodyBytes,
       .rate_limit_per_ip = kRegisterPerIp});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/auth/login",
       .handler = [&identity, &limiter, cookies](net::Request& r) -> awaitable<net::Response> {
         auto body = net::ParseJsonObject(r);
         if (!body) co_return net::Response::FromError(body.error());
         auto email = net::StringField(*body, "email", {.max_bytes = kMaxEmailBytes});
         if (!email) co_return net::Response::FromError(email.error());
         const auto normalized = NormalizeEmail(**email);
         std::optional<net::Response> refused = co_await platform::identity::ThrottleLogin(
             limiter, kLoginThrottle, normalized ? *normalized : **email, r.remote_address);
         if (refused) co_return std::move(*refused);
         auto password = net::StringField(*body, "password", {.max_bytes = kMaxPasswordBytes});
         if (!password) co_return net::Response::FromError(password.error());
         auto session = co_await identity.Login(**email, **password, MetaOf(r));
         if (!session) co_return net::Response::FromError(session.error());
         co_return SessionResponse(200, *session, cookies);
       },
       .summary = "Log in with email and password",
       .max_body_bytes = kMaxAuthBodyBytes,
       .rate_limit_per_ip = kLoginPerIp});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/auth/refresh",
              .handler = [&identity, cookies](net::Request& r) -> awaitable<net::Response> {
                auto session = co_await identity.Refresh(RefreshTokenOf(r), MetaOf(r));
                if (!session) {
                  net::Response refused = net::Response::FromError(session.error());
                  platform::identity::ClearSessionCookies(refused, Cookies(cookies));
                  co_return refused;
                }
                co_return SessionResponse(200, *session, cookies);
              },
              .summary = "Trade a refresh token for a new token pair (rotation)",
              .max_body_bytes = kMaxAuthBodyBytes,
              .rate_limit_per_ip = kRefreshPerIp});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/auth/logout",
              .handler = [&identity, cookies](net::Request& r) -> awaitable<net::Response> {
                // Another site's form could post this with the user's cookies: ending their
                // session is a write like any other.
                if (platform::identity::SessionByCookie(r, Cookies())) {
                  if (auto refused = platform::identity::CheckCsrf(r, Cookies(), {})) {
                    co_return net::Response::FromError(*refused);
                  }
                }
                std::optional<Principal> who;
                if (auto p = identity.Authenticate(AccessTokenOf(r).token)) who = *p;
                co_await identity.Logout(RefreshTokenOf(r), who, MetaOf(r));
                net::Response done = net::Response::NoContent();
                platform::identity::ClearSessionCookies(done, Cookies(cookies));
                co_return done;
              },
              .summary = "End the session: its refresh tokens stop working",
              .max_body_bytes = kMaxAuthBodyBytes});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/auth/me",
              .handler = [&identity](net::Request& r) -> awaitable<net::Response> {
                auto me = co_await identity.Me(PrincipalOf(r));
                if (!me) co_return net::Response::FromError(me.error());
                co_return net::Response::Json(
                    200, json::object{{"user", ToJson(me->first)},
                                      {"organization", ToJson(me->second)},
                                      {"mailEnabled", identity.MailEnabled()}});
              },
              .summary = "The caller and their organization",
              .access = "viewer"});
}

void AddPasswordResetRoutes(net::Router& router, PasswordResetService& resets) {
  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/auth/password-reset",
              .handler = [&resets](net::Request& r) -> awaitable<net::Response> {
                auto body = net::ParseJsonObject(r);
                if (!body) co_return net::Response::FromError(body.error());
                auto email = net::StringField(*body, "email", {.max_bytes = kMaxEmailBytes});
                if (!email) co_return net::Response::FromError(email.error());
                co_await resets.Request(**email, MetaOf(r));
                // The same answer whether or not the address is a user's.
                co_return net::Response::Json(202, json::object{{"status", "accepted"}});
              },
              .summary = "Mail a password reset link to the address, if it is a user's",
              .max_body_bytes = kMaxAuthBodyBytes,
              .rate_limit_per_ip = kPasswordResetPerIp});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/auth/password-reset/confirm",
              .handler = [&resets](net::Request& r) -> awaitable<net::Response> {
                auto body = net::ParseJsonObject(r);
                if (!body) co_return net::Response::FromError(body.error());
                auto token = net::StringField(*body, "token", {.max_bytes = 128});
                if (!token) co_return net::Response::FromError(token.error());
                auto password =
                    net::StringField(*body, "password", {.max_bytes = kMaxPasswordBytes});
                if (!password) co_return net::Response::FromError(password.error());
                auto done = co_await resets.Confirm(**token, **password, MetaOf(r));
                if (!done) co_return net::Response::FromError(done.error());
                co_return net::Response::NoContent();
              },
              .summary = "Set a new password with a reset link's token; every session ends",
              .max_body_bytes = kMaxAuthBodyBytes,
              .rate_limit_per_ip = kLoginPerIp});
}

void AddEmailVerificationRoutes(net::Router& router, EmailVerificationService& verification) {
  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/auth/verify-email",
              .handler = [&verification](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(token, net::StringField(*body, "token", {.max_bytes = 128}));
                NET_TRY(done, co_await verification.Confirm(**token, MetaOf(r)));
                co_return net::Response::Json(200, json::object{{"emailVerified", true}});
              },
              .summary = "Confirm the account's email address with a mailed link's token",
              .max_body_bytes = kMaxAuthBodyBytes,
              .rate_limit_per_ip = kLoginPerIp});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/auth/verify-email/resend",
              .handler = [&verification](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(sent, co_await verification.Resend(PrincipalOf(r)));
                co_return net::Response::Json(202, json::object{{"status", "sent"}});
              },
              .summary = "Mail the caller another link to confirm their email address",
              .access = "viewer"});
}

}  // namespace vizora::identity
