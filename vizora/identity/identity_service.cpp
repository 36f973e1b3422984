#include "vizora/identity/identity_service.hpp"

#include "platform/auth/jwt.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/identity/email_verifications.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/billing/plans.hpp"
#include "vizora/identity/detail/rows.hpp"
#include "vizora/identity/invitations_service.hpp"
#include "vizora/identity/seats.hpp"
#include "vizora/identity/validation.hpp"

namespace vizora::identity {

using boost::asio::awaitable;
using detail::OrganizationFrom;
using detail::UserFrom;
using detail::UserWithOrganizationSql;
using platform::Error;
using platform::Result;
using platform::identity::Accounts;
using platform::identity::Rotation;
using platform::store::Connection;

namespace {

// Tries at a free slug derived from the organization's name before giving up.
constexpr int kSlugAttempts = 5;

Error RefreshRejected() {
  return Error(errors::kRefreshRejected, "refresh token is invalid, expired or already used");
}

Error EmailTaken() {
  return Error(errors::kEmailTaken, "an account with this email exists", {{"field", "email"}});
}

}  // namespace

IdentityService::IdentityService(platform::store::Database& db,
                                 platform::identity::Accounts& accounts,
                                 const platform::identity::Sessions& sessions, SessionCache& cache,
                                 bool mail_enabled, SignUpTerms terms)
    : db_(db),
      accounts_(accounts),
      sessions_(sessions),
      cache_(cache),
      mail_enabled_(mail_enabled),
      terms_(std::move(terms)) {}

std::string IdentityService::AccessToken(const User& user, const std::string& session_id) const {
  return sessions_.AccessToken(user.id, session_id,
                               {{"org", user.organization_id}, {"role", RoleName(user.role)}});
}

Session IdentityService::OpenSession(Connection& c, const User& user,
                                     const Organization& organization, std::int64_t now) const {
  const auto opened = sessions_.Open(c, user.id, now);
  Session session{.user = user, .organization = organization, .mail_enabled = mail_enabled_};
  session.refresh_token = opened.refresh_token;
  session.access_token = AccessToken(user, opened.session_id);
  return session;
}

awaitable<Result<Session>> IdentityService::Register(RegisterInput input, RequestMeta meta) {
  auto email = platform::identity::NormalizeEmail(input.email);
  if (!email) co_return email.error();
  if (auto password = platform::identity::CheckPassword(input.password); !password) {
    co_return password.error();
  }
  if (input.organization_slug) {
    if (auto slug = CheckSlug(*input.organization_slug); !slug) co_return slug.error();
  }
  const std::string password_hash = co_await accounts_.HashPassword(input.password);

  // Every refusal is thrown, so the transaction rolls back whatever it wrote before it.
  co_return co_await db_.TransactOrError([&](Connection& c) -> Session {
    const std::int64_t now = platform::NowMillis();
    User user{.id = platform::NewId(),
              .email = *email,
              .first_name = input.first_name,
              .last_name = input.last_name,
              .role = Role::kAdmin,
              .is_active = true,
              .last_login_at = now,
              .created_at = now};
    if (Accounts::Insert(c, {.id = user.id, .email = user.email, .password_hash = password_hash},
                         now) != platform::identity::Taken::kNothing) {
      throw platform::ErrorException(EmailTaken());
    }
    Organization org{.id = platform::NewId(),
                     .name = input.organization_name,
                     .subscription_tier = terms_.tier,
                     .subscription_status = terms_.trial ? "trial" : "active",
                     .screen_quota = terms_.screen_quota,
                     .created_at = now,
                     .time_zone = input.time_zone.value_or("UTC")};
    if (terms_.trial) org.trial_ends_at = now + kTrialMillis;
    const std::string base =
        input.organization_slug.value_or(SlugFromName(input.organization_name));
    for (int attempt = 0; attempt < kSlugAttempts && org.slug.empty(); ++attempt) {
      // A taken derived slug gets 6 random hex digits (the random tail of a UUIDv7).
      const std::string candidate =
          attempt == 0 ? base : base.substr(0, 56) + "-" + platform::NewId().substr(30);
      const std::int64_t inserted = c.Execute(
          "INSERT INTO organizations (id, name, slug, subscription_tier, screen_quota, "
          "subscription_status, trial_ends_at, created_at, updated_at, time_zone) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) ON CONFLICT (slug) DO NOTHING",
          {org.id, org.name, candidate, org.subscription_tier, org.screen_quota,
           org.subscription_status, platform::store::Nullable(org.trial_ends_at), now,
           org.time_zone});
      if (inserted == 1) org.slug = candidate;
      if (inserted == 0 && input.organization_slug) {
        throw platform::ErrorException(Error(errors::kSlugTaken, "this organization slug is taken",
                                             {{"field", "organizationSlug"}}));
      }
    }
    if (org.slug.empty()) {
      throw platform::ErrorException(
          Error(errors::kSlugTaken, "no free organization slug", {{"field", "organizationSlug"}}));
    }
    user.organization_id = org.id;
    c.Execute(
        "INSERT INTO users (id, organization_id, email, first_name, last_name, "
        "role, is_active, last_login_at, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, 'admin', 1, $6, $6, $6)",
        {user.id, org.id, user.email, user.first_name, user.last_name, now});
    Session session = OpenSession(c, user, org, now);
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
}

awaitable<Result<Session>> IdentityService::AcceptInvitation(InvitationAcceptance input,
                                                             RequestMeta meta) {
  if (auto password = platform::identity::CheckPassword(input.password); !password) {
    co_return password.error();
  }
  const std::string password_hash = co_await accounts_.HashPassword(input.password);
  co_return co_await db_.TransactOrError([&](Connection& c) -> Session {
    const std::int64_t now = platform::NowMillis();
    auto invitation = RedeemInvitation(c, input.token, now);
    if (!invitation) {
      throw platform::ErrorException(Error(
          errors::kInvitationInvalid, "this invitation link is unknown, used, revoked or expired"));
    }
    // Its own seat was given back by redeeming it: taken again, with the plan's row locked.
    RequireSeat(c, invitation->organization_id, now);
    User user{.id = platform::NewId(),
              .organization_id = invitation->organization_id,
              .email = invitation->email,
              .first_name = input.first_name.value_or(invitation->first_name),
              .last_name = input.last_name.value_or(invitation->last_name),
              .role = invitation->role,
              .is_active = true,
              .last_login_at = now,
              .created_at = now,
              .email_verified_at = now};
    if (Accounts::Insert(c, {.id = user.id, .email = user.email, .password_hash = password_hash},
                         now) != platform::identity::Taken::kNothing) {
      throw platform::ErrorException(EmailTaken());
    }
    // The link came to this address: it reaches them.
    platform::identity::EmailVerifications::MarkVerified(c, user.id, now);
    c.Execute(
        "INSERT INTO users (id, organization_id, email, first_name, last_name, role, is_active, "
        "last_login_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $7)",
        {user.id, user.organization_id, user.email, user.first_name, user.last_name,
         std::string(RoleName(user.role)), now});
    const auto org = c.Query("SELECT " + std::string(detail::kOrganizationColumns) +
                                 " FROM organizations o WHERE o.id = $1",
                             {user.organization_id});
    Session session = OpenSession(c, user, OrganizationFrom(org[0]), now);
    audit::Record(c, {.organization_id = user.organization_id,
                      .user_id = user.id,
                      .action = "user.joined",
                      .entity_type = "user",
                      .entity_id = user.id,
                      .details = {{"email", user.email},
                                  {"role", RoleName(user.role)},
                                  {"invitationId", invitation->id}},
                      .ip_address = meta.ip,
                      .user_agent = meta.user_agent});
    return session;
  });
}

awaitable<Result<Session>> IdentityService::Login(std::string email_input, std::string password,
                                                  RequestMeta meta) {
  const Error invalid(errors::kInvalidCredentials, "wrong email or password");
  // Anything but an email address is checked against nothing, in the same time (Vizora signs
  // in by email only; an empty login names no account).
  auto email = platform::identity::NormalizeEmail(email_input);
  std::string login = email ? *email : std::string();  // a named local (GCC 12)
  const auto account = co_await accounts_.Verify(std::move(login), std::move(password));
  if (!account) co_return invalid;
  struct Found {
    User user;
    Organization organization;
  };
  auto found = co_await db_.Read([&](Connection& c) -> std::optional<Found> {
    const auto rows = c.Query(UserWithOrganizationSql("u.id = $1"), {*account});
    if (rows.empty()) return std::nullopt;
    return Found{UserFrom(rows[0]), OrganizationFrom(rows[0], detail::kUserColumnCount)};
  });
  if (!found) co_return invalid;
  if (!found->user.is_active) {
    co_return Error(errors::kAccountDisabled, "this account is deactivated");
  }
  auto session = co_await db_.Transact([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    c.Execute("UPDATE users SET last_login_at = $2 WHERE id = $1", {found->user.id, now});
    found->user.last_login_at = now;
    Session s = OpenSession(c, found->user, found->organization, now);
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
  // Errors are returned, not thrown, from this transaction: a detected reuse must commit the
  // family's revocation.
  std::string ended_session;  // revoked below: forgotten by the session cache after the commit
  auto result = co_await db_.Transact([&](Connection& c) -> Result<Session> {
    const std::int64_t now = platform::NowMillis();
    const Rotation rotation = sessions_.Rotate(c, refresh_token, now);
    if (rotation.outcome == Rotation::Outcome::kReused) {
      // A spent token presented again: someone holds a copy. The whole login has ended.
      ended_session = rotation.session_id;
      const auto org =
          c.Query("SELECT organization_id FROM users WHERE id = $1", {rotation.account_id});
      audit::Record(c, {.organization_id = org.empty() ? "" : org[0].Text(0),
                        .user_id = rotation.account_id,
                        .action = "auth.refresh_reuse_detected",
                        .entity_type = "session",
                        .entity_id = rotation.session_id,
                        .ip_address = meta.ip,
                        .user_agent = meta.user_agent});
    }
    if (rotation.outcome != Rotation::Outcome::kRotated) return RefreshRejected();
    const auto rows = c.Query(UserWithOrganizationSql("u.id = $1"), {rotation.account_id});
    if (rows.empty() || !rows[0].Bool(6)) {
      sessions_.Revoke(c, rotation.session_id, now);
      ended_session = rotation.session_id;
      return rows.empty() ? RefreshRejected()
                          : Error(errors::kAccountDisabled, "this account is deactivated");
    }
    Session s{.user = UserFrom(rows[0]),
              .organization = OrganizationFrom(rows[0], detail::kUserColumnCount),
              .mail_enabled = mail_enabled_};
    s.refresh_token = rotation.refresh_token;
    s.access_token = AccessToken(s.user, rotation.session_id);
    return s;
  });
  if (!ended_session.empty()) cache_.ForgetSession(ended_session);
  co_return result;
}

awaitable<void> IdentityService::Logout(std::string refresh_token,
                                        std::optional<Principal> principal, RequestMeta meta) {
  std::string revoked_session;
  co_await db_.Transact([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    std::string user_id = principal ? principal->user_id : "";
    std::string organization_id = principal ? principal->organization_id : "";
    if (const auto found = sessions_.Find(c, refresh_token)) {
      sessions_.Revoke(c, found->first, now);
      revoked_session = found->first;
      const auto rows = c.Query("SELECT organization_id FROM users WHERE id = $1", {found->second});
      user_id = found->second;
      organization_id = rows.empty() ? "" : rows[0].Text(0);
    }
    if (principal) sessions_.Revoke(c, principal->session_id, now);
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
  if (!revoked_session.empty()) cache_.ForgetSession(revoked_session);
  if (principal) cache_.ForgetSession(principal->session_id);
}

awaitable<Result<std::pair<User, Organization>>> IdentityService::Me(const Principal& who) {
  auto found =
      co_await db_.Read([&](Connection& c) -> std::optional<std::pair<User, Organization>> {
        const auto rows = c.Query(UserWithOrganizationSql("u.id = $1 AND u.organization_id = $2"),
                                  {who.user_id, who.organization_id});
        if (rows.empty()) return std::nullopt;
        return std::make_pair(UserFrom(rows[0]),
                              OrganizationFrom(rows[0], detail::kUserColumnCount));
      });
  if (!found)
    co_return Error(platform::auth::errors::kTokenInvalid, "this account no longer exists");
  if (!found->first.is_active)
    co_return Error(errors::kAccountDisabled, "this account is deactivated");
  co_return std::move(*found);
}

Result<Principal> IdentityService::Authenticate(std::string_view access_token) const {
  auto verified = sessions_.Authenticate(access_token);
  if (!verified) return verified.error();
  const auto text = [&](std::string_view name) -> std::string {
    const auto* v = verified->claims.if_contains(name);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  const auto role = ParseRole(text("role"));
  Principal p{.user_id = verified->account_id,
              .organization_id = text("org"),
              .session_id = verified->session_id};
  if (!role || p.organization_id.empty()) {
    return Error(platform::auth::errors::kTokenInvalid, "not an access token");
  }
  p.role = *role;
  return p;
}

awaitable<Result<Principal>> IdentityService::ConfirmSession(Principal who) {
  const std::int64_t now = platform::NowMillis();
  auto state = cache_.Get(who.session_id, who.user_id, now);
  if (!state) {
    state = co_await db_.Read([&](Connection& c) {
      SessionCache::State s;
      const auto rows =
          c.Query("SELECT role, is_active FROM users WHERE id = $1 AND organization_id = $2",
                  {who.user_id, who.organization_id});
      if (!rows.empty() && rows[0].Bool(1) &&
          sessions_.IsOpen(c, who.session_id, who.user_id, now)) {
        s.open = true;
        s.role = rows[0].Text(0);
        s.scope = who.organization_id;
      }
      return s;
    });
    cache_.Put(who.session_id, who.user_id, *state, now);
  }
  // The organization the token claims must be the user's (it was, when the state was read).
  if (!state->open || state->scope != who.organization_id)
    co_return Error(platform::auth::errors::kTokenInvalid, "this session has ended");
  // A role changed since the token was issued counts at once.
  who.role = ParseRole(state->role).value_or(Role::kViewer);
  co_return who;
}

}  // namespace vizora::identity
