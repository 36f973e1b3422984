#include "viztube/users/users_routes.hpp"

#include <boost/json/object.hpp>

#include "platform/auth/jwt.hpp"
#include "platform/core/ids.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/identity/login_throttle.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/uploads/form_upload.hpp"
#include "viztube/api/envelope.hpp"
#include "viztube/users/images.hpp"

namespace viztube::users {

namespace net = platform::net;
namespace json = boost::json;
using api::Ok;
using boost::asio::awaitable;
using platform::Error;

namespace {

constexpr std::size_t kMaxAuthBodyBytes = 16 * 1024;
// Two images and the form's fields.
constexpr std::size_t kMaxRegisterBodyBytes = 2 * kMaxImageBytes + 64 * 1024;
constexpr std::size_t kMaxImageBodyBytes = kMaxImageBytes + 16 * 1024;

void AddSessionCookies(net::Response& r, const WebPolicy& web, const SignedIn& s) {
  platform::identity::SetSessionCookies(r, Cookies(web), s.access_token,
                                        kSessionPolicy.access_seconds, s.refresh_token,
                                        kSessionPolicy.refresh_seconds);
}

// The form of a multipart route, or its error response.
awaitable<platform::Result<platform::uploads::Form>> Form(net::Request& r,
                                                          const UserRoutesContext& ctx,
                                                          platform::uploads::FormPolicy policy) {
  co_return co_await platform::uploads::ReceiveForm(r, policy, ctx.blobs, ctx.pool);
}

std::string FieldOr(const platform::uploads::Form& form, std::string_view name) {
  const std::string* value = form.Field(name);
  return value ? *value : std::string();
}

// The signed-in user's own record. `emailVerified` only where this server can verify
// addresses (it sends mail): absent, nobody is asked to confirm one.
json::object OwnJson(const User& user, const UserRoutesContext& ctx) {
  json::object out = ToJson(user);
  if (!ctx.verification.Enabled()) out.erase("emailVerified");
  return out;
}

}  // namespace

platform::identity::SessionCookies Cookies(const WebPolicy& policy) {
  return {.access = "accessToken",
          .refresh = "refreshToken",
          .same_site = "Strict",
          .secure = policy.secure_cookies,
          .check_origin = true};
}

const Principal* CallerOf(const net::Request& request) {
  return std::any_cast<Principal>(&request.principal);
}

std::optional<std::string> CallerIdOf(const net::Request& request) {
  const Principal* who = CallerOf(request);
  return who ? std::optional(who->user_id) : std::nullopt;
}

const Principal& PrincipalOf(const net::Request& request) {
  return std::any_cast<const Principal&>(request.principal);
}

std::string CallerKey(const net::Request& request) {
  return CallerIdOf(request).value_or("");
}

awaitable<std::optional<net::Response>> GuardRequest(UsersService& users, const WebPolicy& web,
                                                     net::Request& request) {
  const bool optional = request.route->access == kOptionalSignIn;
  if (!optional && request.route->access != kSignedIn) {
    co_return net::Response::FromError(Error(platform::errors::kForbidden, "not allowed"));
  }
  const auto cookies = Cookies(web);
  const auto presented = platform::identity::AccessTokenOf(request, cookies);
  if (presented.token.empty() && !presented.malformed) {
    if (optional) co_return std::nullopt;
    co_return net::Response::FromError(Error(kUnauthenticated, "sign in first"));
  }
  platform::Result<Principal> who =
      presented.malformed
          ? platform::Result<Principal>(Error(kUnauthenticated, "expected a Bearer token"))
          : users.Authenticate(presented.token);
  if (who) who = co_await users.ConfirmSession(std::move(*who));
  if (!who) {
    if (optional) co_return std::nullopt;  // a stale token reads as signed out
    co_return net::Response::FromError(who.error());
  }
  if (presented.via_cookie && platform::identity::IsWrite(request.method)) {
    if (auto refused = platform::identity::CheckCsrf(request, cookies, web.allowed_origins)) {
      co_return net::Response::FromError(*refused);
    }
  }
  who->via_cookie = presented.via_cookie;
  request.principal = std::move(*who);
  co_return std::nullopt;
}

void AddUserRoutes(net::Router& router, UserRoutesContext ctx) {
  const std::string base = "/api/v2/user";

  router.Add(
      {.method = net::Method::kPost,
       .pattern = base + "/register",
       .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
         platform::uploads::FormPolicy policy{
             .files = {{"avatar", ImagePolicy(true)}, {"coverImage", ImagePolicy(false)}}};
         VT_TRY(form, co_await Form(r, ctx, std::move(policy)));
         Registration input{.fullname = FieldOr(*form, "fullname"),
                            .email = FieldOr(*form, "email"),
                            .username = FieldOr(*form, "username"),
                            .password = FieldOr(*form, "password"),
                            .avatar = form->File("avatar"),
                            .cover_image = form->File("coverImage")};
         VT_TRY(user, co_await ctx.users.Register(std::move(input)));
         co_await ctx.verification.SendLink(user->id);
         co_return Ok(201, OwnJson(*user, ctx), "User registered successfully");
       },
       .summary = "Register: multipart fullname, email, username, password, avatar, coverImage?",
       .max_body_bytes = kMaxRegisterBodyBytes,
       .stream_body = true,
       .rate_limit_per_ip = ctx.limits.register_per_ip});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = base + "/login",
       .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
         VT_TRY(body, net::ParseJsonObject(r));
         VT_TRY(email, net::StringField(*body, "email", {.required = false, .max_bytes = 254}));
         VT_TRY(username,
                net::StringField(*body, "username", {.required = false, .max_bytes = 64}));
         VT_TRY(password, net::StringField(*body, "password", {.max_bytes = 256}));
         if (!*email && !*username) {
           co_return net::Response::FromError(
               net::FieldError("email", "an email or a username is required"));
         }
         std::string login = *email ? **email : **username;
         std::optional<net::Response> refused = co_await platform::identity::ThrottleLogin(
             ctx.limiter,
             {.per_account_and_address = ctx.limits.login_per_account_and_ip,
              .per_account = ctx.limits.login_per_account},
             platform::identity::NormalizeLogin(login), r.remote_address);
         if (refused) co_return std::move(*refused);
         VT_TRY(signed_in, co_await ctx.users.Login(std::move(login), std::move(**password)));
         net::Response out = Ok(200,
                                json::object{{"user", OwnJson(signed_in->user, ctx)},
                                             {"accessToken", signed_in->access_token},
                                             {"refreshToken", signed_in->refresh_token}},
                                "User logged in successfully");
         AddSessionCookies(out, ctx.web, *signed_in);
         co_return out;
       },
       .summary = "Log in with {email or username, password}: tokens in cookies and data",
       .max_body_bytes = kMaxAuthBodyBytes,
       .rate_limit_per_ip = ctx.limits.login_per_ip});

  router.Add({.method = net::Method::kPost,
              .pattern = base + "/refresh-token",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const auto cookies = Cookies(ctx.web);
                auto signed_in =
                    co_await ctx.users.Refresh(platform::identity::RefreshTokenOf(r, cookies));
                if (!signed_in) {
                  net::Response refused = net::Response::FromError(signed_in.error());
                  platform::identity::ClearSessionCookies(refused, cookies);
                  co_return refused;
                }
                net::Response out = Ok(200,
                                       json::object{{"accessToken", signed_in->access_token},
                                                    {"refreshToken", signed_in->refresh_token}},
                                       "Access token refreshed");
                AddSessionCookies(out, ctx.web, *signed_in);
                co_return out;
              },
              .summary = "Rotate the token pair (refresh cookie or {refreshToken})",
              .max_body_bytes = kMaxAuthBodyBytes,
              .rate_limit_per_ip = ctx.limits.refresh_per_ip});

  router.Add({.method = net::Method::kPost,
              .pattern = base + "/logout",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const auto cookies = Cookies(ctx.web);
                co_await ctx.users.Logout(platform::identity::RefreshTokenOf(r, cookies),
                                          PrincipalOf(r));
                net::Response out = Ok(200, json::object{}, "User logged out");
                platform::identity::ClearSessionCookies(out, cookies);
                co_return out;
              },
              .summary = "End this session and clear the cookies",
              .max_body_bytes = kMaxAuthBodyBytes,
              .access = std::string(kSignedIn)});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = base + "/change-password",
       .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
         VT_TRY(body, net::ParseJsonObject(r));
         VT_TRY(old_password, net::StringField(*body, "oldPassword", {.max_bytes = 256}));
         VT_TRY(new_password, net::StringField(*body, "newPassword", {.max_bytes = 256}));
         VT_TRY(changed, co_await ctx.users.ChangePassword(
                             PrincipalOf(r), std::move(**old_password), std::move(**new_password)));
         co_return Ok(200, json::object{}, "Password changed; other sessions were signed out");
       },
       .summary = "Change the password; every other session ends",
       .max_body_bytes = kMaxAuthBodyBytes,
       .access = std::string(kSignedIn)});

  router.Add({.method = net::Method::kGet,
              .pattern = base + "/current-user-details",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(user, co_await ctx.users.Get(PrincipalOf(r).user_id));
                co_return Ok(200, OwnJson(*user, ctx), "Current user");
              },
              .summary = "The signed-in user",
              .access = std::string(kSignedIn)});

  router.Add({.method = net::Method::kPatch,
              .pattern = base + "/update-account",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(body, net::ParseJsonObject(r));
                VT_TRY(fullname,
                       net::StringField(*body, "fullname", {.required = false, .max_bytes = 1024}));
                VT_TRY(email,
                       net::StringField(*body, "email", {.required = false, .max_bytes = 254}));
                if (!*fullname && !*email) {
                  co_return net::Response::FromError(
                      net::FieldError("fullname", "send fullname, email or both"));
                }
                std::string email_before;
                if (*email) {
                  VT_TRY(before, co_await ctx.users.Get(PrincipalOf(r).user_id));
                  email_before = before->email;
                }
                VT_TRY(user, co_await ctx.users.UpdateAccount(PrincipalOf(r), *fullname, *email));
                // A new address is confirmed like the first.
                if (user->email != email_before && !email_before.empty()) {
                  co_await ctx.verification.SendLink(user->id);
                }
                co_return Ok(200, OwnJson(*user, ctx), "Account updated");
              },
              .summary = "Change {fullname?, email?}",
              .max_body_bytes = kMaxAuthBodyBytes,
              .access = std::string(kSignedIn)});

  for (const auto& [path, field, which] :
       {std::tuple{"/update-avatar", "avatar", UsersService::Image::kAvatar},
        std::tuple{"/update-cover-image", "coverImage", UsersService::Image::kCover}}) {
    router.Add(
        {.method = net::Method::kPatch,
         .pattern = base + path,
         .handler = [ctx, field = std::string(field),
                     which](net::Request& r) -> awaitable<net::Response> {
           platform::uploads::FormPolicy policy{.files = {{field, ImagePolicy(true)}}};
           VT_TRY(form, co_await Form(r, ctx, std::move(policy)));
           VT_TRY(user, co_await ctx.users.ReplaceImage(PrincipalOf(r), which, *form->File(field)));
           co_return Ok(200, OwnJson(*user, ctx), "Image updated");
         },
         .summary = std::string("Replace the ") + field + " (multipart); the old one is deleted",
         .max_body_bytes = kMaxImageBodyBytes,
         .stream_body = true,
         .access = std::string(kSignedIn)});
  }
}

void AddPasswordResetRoutes(net::Router& router, PasswordReset& resets) {
  const std::string base = "/api/v2/user";
  router.Add({.method = net::Method::kPost,
              .pattern = base + "/forgot-password",
              .handler = [&resets](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(body, net::ParseJsonObject(r));
                VT_TRY(email, net::StringField(*body, "email", {.max_bytes = 254}));
                co_await resets.Request(std::move(**email));
                // The same answer whether or not the address is a user's.
                co_return Ok(202, json::object{},
                             "If the address is a user's, a reset link is on its way");
              },
              .summary = "Mail a password reset link to the address, if it is a user's",
              .max_body_bytes = kMaxAuthBodyBytes,
              .rate_limit_per_ip = kPasswordResetPerIp});

  router.Add({.method = net::Method::kPost,
              .pattern = base + "/reset-password",
              .handler = [&resets](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(body, net::ParseJsonObject(r));
                VT_TRY(token, net::StringField(*body, "token", {.max_bytes = 128}));
                VT_TRY(password, net::StringField(*body, "newPassword", {.max_bytes = 256}));
                VT_TRY(done, co_await resets.Confirm(std::move(**token), std::move(**password)));
                co_return Ok(200, json::object{}, "Password changed; every session was signed out");
              },
              .summary = "Set a new password with a reset link's token; every session ends",
              .max_body_bytes = kMaxAuthBodyBytes,
              .rate_limit_per_ip = kPasswordResetPerIp});
}

void AddEmailVerificationRoutes(net::Router& router, EmailVerification& verification) {
  const std::string base = "/api/v2/user";
  router.Add({.method = net::Method::kPost,
              .pattern = base + "/verify-email",
              .handler = [&verification](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(body, net::ParseJsonObject(r));
                VT_TRY(token, net::StringField(*body, "token", {.max_bytes = 128}));
                VT_TRY(done, co_await verification.Confirm(std::move(**token)));
                co_return Ok(200, json::object{{"emailVerified", true}}, "Email address verified");
              },
              .summary = "Confirm the account's email address with a mailed link's token",
              .max_body_bytes = kMaxAuthBodyBytes,
              .rate_limit_per_ip = kPasswordResetPerIp});

  router.Add({.method = net::Method::kPost,
              .pattern = base + "/resend-verification",
              .handler = [&verification](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(sent, co_await verification.Resend(PrincipalOf(r).user_id));
                co_return Ok(202, json::object{}, "A new link is on its way");
              },
              .summary = "Mail the signed-in user another link to confirm their address",
              .max_body_bytes = kMaxAuthBodyBytes,
              .access = std::string(kSignedIn)});
}

}  // namespace viztube::users
