#include "vizora/identity/identity_routes.hpp"

#include "platform/auth/cookies.hpp"
#include "platform/auth/hmac.hpp"
#include "platform/auth/jwt.hpp"
#include "platform/core/ids.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/identity/validation.hpp"

namespace vizora::identity {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::auth::CookieValue;
using platform::auth::SetCookie;

namespace {

constexpr std::string_view kAccessCookie = "vizora_access";
constexpr std::string_view kRefreshCookie = "vizora_refresh";
constexpr std::string_view kCsrfCookie = "vizora_csrf";
constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
// Auth bodies are small: a cap well below the server default.
constexpr std::size_t kMaxAuthBodyBytes = 16 * 1024;
constexpr platform::ErrorKind kCsrfRejected{"AUTHZ_003", 403};

void AddSessionCookies(net::Response& r, const Session& s, CookiePolicy policy) {
  r.AddHeader("Set-Cookie",
              SetCookie(kAccessCookie, s.access_token,
                        {.secure = policy.secure, .max_age_seconds = kAccessTokenSeconds}));
  r.AddHeader("Set-Cookie", SetCookie(kRefreshCookie, s.refresh_token,
                                      {.secure = policy.secure,
                                       .path = "/api/v1/auth",
                                       .max_age_seconds = kRefreshTokenSeconds}));
  // Readable by the dashboard's script, which echoes it in X-CSRF-Token (double submit).
  r.AddHeader("Set-Cookie", SetCookie(kCsrfCookie, platform::RandomToken(24),
                                      {.http_only = false,
                                       .secure = policy.secure,
                                       .max_age_seconds = kRefreshTokenSeconds}));
}

void ClearSessionCookies(net::Response& r, CookiePolicy policy) {
  r.AddHeader("Set-Cookie",
              SetCookie(kAccessCookie, "", {.secure = policy.secure, .max_age_seconds = 0}));
  r.AddHeader("Set-Cookie",
              SetCookie(kRefreshCookie, "",
                        {.secure = policy.secure, .path = "/api/v1/auth", .max_age_seconds = 0}));
  r.AddHeader("Set-Cookie",
              SetCookie(kCsrfCookie, "",
                        {.http_only = false, .secure = policy.secure, .max_age_seconds = 0}));
}

net::Response SessionResponse(int status, const Session& s, CookiePolicy policy) {
  net::Response r =
      net::Response::Json(status, json::object{{"user", ToJson(s.user)},
                                               {"organization", ToJson(s.organization)},
                                               {"token", s.access_token},
                                               {"refreshToken", s.refresh_token},
                                               {"expiresIn", s.expires_in}});
  AddSessionCookies(r, s, policy);
  return r;
}

// The refresh token from the body ({"refreshToken"}) or, failing that, the cookie.
std::string RefreshTokenOf(const net::Request& r) {
  if (!r.body.empty()) {
    if (auto body = net::ParseJsonObject(r)) {
      if (auto token =
              net::StringField(*body, "refreshToken", {.required = false, .max_bytes = 128});
          token && *token) {
        return **token;
      }
    }
  }
  return std::string(CookieValue(r.Header("Cookie"), kRefreshCookie).value_or(""));
}

}  // namespace

PresentedToken AccessTokenOf(const net::Request& r) {
  if (const auto bearer = net::BearerToken(r)) {
    if (bearer->empty()) return {.malformed = true};
    return {.token = *bearer};
  }
  if (auto cookie = CookieValue(r.Header("Cookie"), kAccessCookie))
    return {.token = *cookie, .via_cookie = true};
  return {};
}

namespace {

bool IsWrite(net::Method m) {
  return m != net::Method::kGet && m != net::Method::kHead && m != net::Method::kOptions;
}

}  // namespace

RequestMeta MetaOf(const net::Request& r) {
  return {.ip = r.remote_address, .user_agent = std::string(r.Header("User-Agent"))};
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
  const PresentedToken presented = AccessTokenOf(request);
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
  if (via_cookie && IsWrite(request.method)) {
    // A cookie rides along on cross-site requests; the header cannot be forged by another site.
    const std::string_view sent = request.Header(kCsrfHeader);
    const std::string_view expected =
        CookieValue(request.Header("Cookie"), kCsrfCookie).value_or("");
    if (expected.empty() || !platform::auth::ConstantTimeEqual(sent, expected)) {
      co_return net::Response::FromError(Error(kCsrfRejected, "missing or wrong X-CSRF-Token"));
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

void AddIdentityRoutes(net::Router& router, IdentityService& identity, CookiePolicy cookies,
                       net::RateLimiter& limiter) {
  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/auth/register",
       .handler = [&identity, cookies](net::Request& r) -> awaitable<net::Response> {
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
         auto session = co_await identity.Register(std::move(input), MetaOf(r));
         if (!session) co_return net::Response::FromError(session.error());
         co_return SessionResponse(201, *session, cookies);
       },
       .summary = "Create an organization and its first admin",
       .max_body_bytes = kMaxAuthBodyBytes});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/auth/login",
       .handler = [&identity, &limiter, cookies](net::Request& r) -> awaitable<net::Response> {
         auto body = net::ParseJsonObject(r);
         if (!body) co_return net::Response::FromError(body.error());
         auto email = net::StringField(*body, "email", {.max_bytes = kMaxEmailBytes});
         if (!email) co_return net::Response::FromError(email.error());
         // Per account too, so guessing one account's password from many addresses stalls.
         const auto normalized = NormalizeEmail(**email);
         std::string account_key = "login:account:" + (normalized ? *normalized : **email);
         std::optional<net::Response> refused =
             co_await net::RateLimited(limiter, std::move(account_key), kLoginPerAccount);
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
                  ClearSessionCookies(refused, cookies);
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
                std::optional<Principal> who;
                if (auto p = identity.Authenticate(AccessTokenOf(r).token)) who = *p;
                co_await identity.Logout(RefreshTokenOf(r), who, MetaOf(r));
                net::Response done = net::Response::NoContent();
                ClearSessionCookies(done, cookies);
                co_return done;
              },
              .summary = "End the session: its refresh tokens stop working",
              .max_body_bytes = kMaxAuthBodyBytes});

  router.Add(
      {.method = net::Method::kGet,
       .pattern = "/api/v1/auth/me",
       .handler = [&identity](net::Request& r) -> awaitable<net::Response> {
         auto me = co_await identity.Me(PrincipalOf(r));
         if (!me) co_return net::Response::FromError(me.error());
         co_return net::Response::Json(
             200, json::object{{"user", ToJson(me->first)}, {"organization", ToJson(me->second)}});
       },
       .summary = "The caller and their organization",
       .access = "viewer"});
}

}  // namespace vizora::identity
