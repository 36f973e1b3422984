#include "vizora/identity/identity_service.hpp"

#include "platform/auth/jwt.hpp"
#include "platform/auth/password.hpp"
#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/identity/detail/rows.hpp"
#include "vizora/identity/validation.hpp"

namespace vizora::identity {

using boost::asio::awaitable;
using detail::OrganizationFrom;
using detail::UserFrom;
using detail::UserWithOrganizationSql;
using platform::Error;
using platform::Result;
using platform::store::Connection;

namespace {

// Tries at a free slug derived from the organization's name before giving up.
constexpr int kSlugAttempts = 5;

std::string IssueRefreshToken(Connection& c, const std::string& user_id,
                              const std::string& family_id, std::int64_t now) {
  std::string token = platform::auth::NewOpaqueToken();
  c.Execute(
      "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {platform::auth::HashToken(token), family_id, user_id, now + kRefreshTokenSeconds * 1000,
       now});
  return token;
}

void RevokeFamily(Connection& c, const std::string& family_id, std::int64_t now) {
  c.Execute("UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
            {family_id, now});
}

Error RefreshRejected() {
  return Error(errors::kRefreshRejected, "refresh token is invalid, expired or already used");
}

}  // namespace

IdentityService::IdentityService(platform::store::Database& db, platform::WorkerPool& password_pool,
                                 SessionCache& sessions, std::string signing_key)
    : db_(db),
      password_pool_(password_pool),
      sessions_(sessions),
      signing_key_(std::move(signing_key)) {}

std::string IdentityService::AccessToken(const User& user, const std::string& session_id) const {
  const std::int64_t now = platform::NowMillis() / 1000;
  return platform::auth::SignJwt({{"sub", user.id},
                                  {"org", user.organization_id},
                                  {"role", RoleName(user.role)},
                                  {"sid", session_id},
                                  {"typ", "access"},
                                  {"iat", now},
                                  {"exp", now + kAccessTokenSeconds}},
                                 signing_key_);
}

awaitable<Result<Session>> IdentityService::Register(RegisterInput input, RequestMeta meta) {
  auto email = NormalizeEmail(input.email);
  if (!email) co_return email.error();
  if (auto password = CheckPassword(input.password); !password) co_return password.error();
  if (input.organization_slug) {
    if (auto slug = CheckSlug(*input.organization_slug); !slug) co_return slug.error();
  }
  const std::string password_hash =
      co_await password_pool_.Call([&] { return platform::auth::HashPassword(input.password); });

  auto created = co_await db_.Transact([&](Connection& c) -> Result<Session> {
    if (!c.Query("SELECT 1 FROM users WHERE email = $1", {*email}).empty()) {
      return Error(errors::kEmailTaken, "an account with this email exists", {{"field", "email"}});
    }
    const std::int64_t now = platform::NowMillis();
    Organization org{.id = platform::NewId(),
                     .name = input.organization_name,
                     .subscription_tier = "free",
                     .subscription_status = "trial",
                     .screen_quota = kFreeScreenQuota,
                     .trial_ends_at = now + kTrialMillis,
                     .created_at = now};
    const std::string base =
        input.organization_slug.value_or(SlugFromName(input.organization_name));
    for (int attempt = 0; attempt < kSlugAttempts && org.slug.empty(); ++attempt) {
      // A taken derived slug gets 6 random hex digits (the random tail of a UUIDv7).
      const std::string candidate =
          attempt == 0 ? base : base.substr(0, 56) + "-" + platform::NewId().substr(30);
      const std::int64_t inserted = c.Execute(
          "INSERT INTO organizations (id, name, slug, subscription_tier, screen_quota, "
          "subscription_status, trial_ends_at, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (slug) DO NOTHING",
          {org.id, org.name, candidate, org.subscription_tier, org.screen_quota,
           org.subscription_status, *org.trial_ends_at, now});
      if (inserted == 1) org.slug = candidate;
      if (inserted == 0 && input.organization_slug) {
        return Error(errors::kSlugTaken, "this organization slug is taken",
                     {{"field", "organizationSlug"}});
      }
    }
    if (org.slug.empty()) {
      return Error(errors::kSlugTaken, "no free organization slug",
                   {{"field", "organizationSlug"}});
    }
    User user{.id = platform::NewId(),
              .organization_id = org.id,
              .email = *email,
              .first_name = input.first_name,
              .last_name = input.last_name,
              .role = Role::kAdmin,
              .is_active = true,
              .last_login_at = now,
              .created_at = now};
    c.Execute(
        "INSERT INTO users (id, organization_id, email, password_hash, first_name, last_name, "
        "role, is_active, last_login_at, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, 'admin', 1, $7, $7, $7)",
        {user.id, org.id, user.email, password_hash, user.first_name, user.last_name, now});
    const std::string family = platform::NewId();
    Session session{.user = user, .organization = org};
    session.refresh_token = IssueRefreshToken(c, user.id, family, now);
    session.access_token = AccessToken(user, family);
    audit::Record(c, {.organization_id = org.id,
                      .user_id = user.id,
                      .action = "user.registered",
                      .entity_type = "organization",
                      .entity_id = org.id,
                      .details = {{"email", user.email}, {"slug", org.slug}},
                      .ip_address = meta.ip,
                      .user_agent = meta.user_agent});
    return session;
  });
  co_return created;
}

awaitable<Result<Session>> IdentityService::Login(std::string email_input, std::string password,
                                                  RequestMeta meta) {
  const Error invalid(errors::kInvalidCredentials, "wrong email or password");
  auto email = NormalizeEmail(email_input);
  if (!email || password.empty() || password.size() > kMaxPasswordBytes) {
    co_await password_pool_.Call([&] { return platform::auth::VerifyNothing(password); });
    co_return invalid;
  }
  struct Found {
    User user;
    Organization organization;
    std::string password_hash;
  };
  auto found = co_await db_.Read([&](Connection& c) -> std::optional<Found> {
    const auto rows = c.Query(UserWithOrganizationSql("u.email = $1", "u.password_hash"), {*email});
    if (rows.empty()) return std::nullopt;
    return Found{UserFrom(rows[0]), OrganizationFrom(rows[0], 9), rows[0].Text(17)};
  });
  const bool ok = co_await password_pool_.Call([&] {
    return found ? platform::auth::VerifyPassword(found->password_hash, password)
                 : platform::auth::VerifyNothing(password);
  });
  if (!ok) co_return invalid;
  if (!found->user.is_active) {
    co_return Error(errors::kAccountDisabled, "this account is deactivated");
  }
  auto session = co_await db_.Transact([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    c.Execute("UPDATE users SET last_login_at = $2 WHERE id = $1", {found->user.id, now});
    found->user.last_login_at = now;
    const std::string family = platform::NewId();
    Session s{.user = found->user, .organization = found->organization};
    s.refresh_token = IssueRefreshToken(c, found->user.id, family, now);
    s.access_token = AccessToken(found->user, family);
    audit::Record(c, {.organization_id = found->user.organization_id,
                      .user_id = found->user.id,
                      .action = "user.login",
                      .entity_type = "user",
                      .entity_id = found->user.id,
                      .ip_address = meta.ip,
                      .user_agent = meta.user_agent});
    return s;
  });
  co_return session;
}

awaitable<Result<Session>> IdentityService::Refresh(std::string refresh_token, RequestMeta meta) {
  if (refresh_token.empty() || refresh_token.size() > 128) co_return RefreshRejected();
  const std::string hash = platform::auth::HashToken(refresh_token);
  // Errors are returned, not thrown, from this transaction: a detected reuse must commit the
  // family's revocation.
  std::string ended_family;  // revoked below: forgotten by the session cache after the commit
  auto result = co_await db_.Transact([&](Connection& c) -> Result<Session> {
    const std::int64_t now = platform::NowMillis();
    const auto spent = c.Query(
        "UPDATE refresh_tokens SET spent_at = $2 WHERE token_hash = $1 AND spent_at IS NULL "
        "AND revoked_at IS NULL AND expires_at > $2 RETURNING family_id, user_id",
        {hash, now});
    if (spent.empty()) {
      const auto known = c.Query(
          "SELECT family_id, user_id, spent_at, revoked_at FROM refresh_tokens WHERE token_hash = "
          "$1",
          {hash});
      if (!known.empty() && !known[0].IsNull(2) && known[0].IsNull(3)) {
        // A spent token presented again: someone holds a copy. End the whole login.
        RevokeFamily(c, known[0].Text(0), now);
        ended_family = known[0].Text(0);
        const auto org =
            c.Query("SELECT organization_id FROM users WHERE id = $1", {known[0].Text(1)});
        audit::Record(c, {.organization_id = org.empty() ? "" : org[0].Text(0),
                          .user_id = known[0].Text(1),
                          .action = "auth.refresh_reuse_detected",
                          .entity_type = "session",
                          .entity_id = known[0].Text(0),
                          .ip_address = meta.ip,
                          .user_agent = meta.user_agent});
      }
      return RefreshRejected();
    }
    const std::string family = spent[0].Text(0);
    const auto rows = c.Query(UserWithOrganizationSql("u.id = $1"), {spent[0].Text(1)});
    if (rows.empty() || !rows[0].Bool(6)) {
      RevokeFamily(c, family, now);
      ended_family = family;
      return rows.empty() ? RefreshRejected()
                          : Error(errors::kAccountDisabled, "this account is deactivated");
    }
    Session s{.user = UserFrom(rows[0]), .organization = OrganizationFrom(rows[0], 9)};
    s.refresh_token = IssueRefreshToken(c, s.user.id, family, now);
    s.access_token = AccessToken(s.user, family);
    return s;
  });
  if (!ended_family.empty()) sessions_.ForgetSession(ended_family);
  co_return result;
}

awaitable<void> IdentityService::Logout(std::string refresh_token,
                                        std::optional<Principal> principal, RequestMeta meta) {
  std::string revoked_family;
  co_await db_.Transact([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    std::string user_id = principal ? principal->user_id : "";
    std::string organization_id = principal ? principal->organization_id : "";
    if (!refresh_token.empty() && refresh_token.size() <= 128) {
      const auto rows = c.Query(
          "SELECT t.family_id, t.user_id, u.organization_id FROM refresh_tokens t "
          "JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1",
          {platform::auth::HashToken(refresh_token)});
      if (!rows.empty()) {
        RevokeFamily(c, rows[0].Text(0), now);
        revoked_family = rows[0].Text(0);
        user_id = rows[0].Text(1);
        organization_id = rows[0].Text(2);
      }
    }
    if (principal) RevokeFamily(c, principal->session_id, now);
    if (!user_id.empty()) {
      audit::Record(c, {.organization_id = organization_id,
                        .user_id = user_id,
                        .action = "user.logout",
                        .entity_type = "user",
                        .entity_id = user_id,
                        .ip_address = meta.ip,
                        .user_agent = meta.user_agent});
    }
  });
  // After the commit: a guard on this instance must not see the old state again.
  if (!revoked_family.empty()) sessions_.ForgetSession(revoked_family);
  if (principal) sessions_.ForgetSession(principal->session_id);
}

awaitable<Result<std::pair<User, Organization>>> IdentityService::Me(const Principal& who) {
  auto found =
      co_await db_.Read([&](Connection& c) -> std::optional<std::pair<User, Organization>> {
        const auto rows = c.Query(UserWithOrganizationSql("u.id = $1 AND u.organization_id = $2"),
                                  {who.user_id, who.organization_id});
        if (rows.empty()) return std::nullopt;
        return std::make_pair(UserFrom(rows[0]), OrganizationFrom(rows[0], 9));
      });
  if (!found)
    co_return Error(platform::auth::errors::kTokenInvalid, "this account no longer exists");
  if (!found->first.is_active)
    co_return Error(errors::kAccountDisabled, "this account is deactivated");
  co_return std::move(*found);
}

Result<Principal> IdentityService::Authenticate(std::string_view access_token) const {
  auto claims = platform::auth::VerifyJwt(access_token, signing_key_, platform::NowMillis() / 1000);
  if (!claims) return claims.error();
  const auto text = [&](std::string_view name) -> std::string {
    const auto* v = claims->if_contains(name);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const auto role = ParseRole(text("role"));
  Principal p{.user_id = text("sub"), .organization_id = text("org"), .session_id = text("sid")};
  if (text("typ") != "access" || !role || p.user_id.empty() || p.organization_id.empty()) {
    return Error(platform::auth::errors::kTokenInvalid, "not an access token");
  }
  p.role = *role;
  return p;
}

awaitable<Result<Principal>> IdentityService::ConfirmSession(Principal who) {
  const std::int64_t now = platform::NowMillis();
  auto state = sessions_.Get(who.session_id, now);
  if (!state) {
    state = co_await db_.Read([&](Connection& c) {
      const auto rows = c.Query(
          "SELECT u.role, u.is_active FROM users u WHERE u.id = $1 AND u.organization_id = $2 "
          "AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $3 AND t.user_id = u.id "
          "AND t.revoked_at IS NULL AND t.expires_at > $4)",
          {who.user_id, who.organization_id, who.session_id, now});
      SessionCache::State s;
      if (!rows.empty() && rows[0].Bool(1)) {
        s.open = true;
        s.role = ParseRole(rows[0].Text(0)).value_or(Role::kViewer);
      }
      return s;
    });
    sessions_.Put(who.session_id, who.user_id, *state, now);
  }
  if (!state->open)
    co_return Error(platform::auth::errors::kTokenInvalid, "this session has ended");
  who.role = state->role;  // a role changed since the token was issued counts at once
  co_return who;
}

}  // namespace vizora::identity
