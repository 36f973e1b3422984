#include "vizora/identity/accounts_service.hpp"

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/identity/audit_entry.hpp"
#include "vizora/identity/detail/rows.hpp"
#include "vizora/identity/seats.hpp"
#include "vizora/identity/validation.hpp"

namespace vizora::identity {

using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

const Error kUserNotFound(platform::errors::kNotFound, "no such user");

std::string SelectUserSql(std::string_view where) {
  return "SELECT " + std::string(detail::kUserColumns) + " FROM users u WHERE " +
         std::string(where);
}

std::optional<User> FindUser(Connection& c, const std::string& organization_id,
                             const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows =
      c.Query(SelectUserSql("u.id = $1 AND u.organization_id = $2"), {id, organization_id});
  if (rows.empty()) return std::nullopt;
  return detail::UserFrom(rows[0]);
}

// Serializes team changes within one organization (a row lock on PostgreSQL; SQLite has one
// writer anyway), so two admins demoting each other cannot both succeed.
void LockOrganization(Connection& c, const std::string& organization_id, std::int64_t now) {
  c.Execute("UPDATE organizations SET updated_at = $2 WHERE id = $1", {organization_id, now});
}

void RequireAnotherActiveAdmin(Connection& c, const User& target) {
  const auto others = c.Query(
      "SELECT COUNT(*) FROM users WHERE organization_id = $1 AND role = 'admin' AND is_active = 1 "
      "AND id <> $2",
      {target.organization_id, target.id});
  if (others[0].Int(0) == 0) {
    throw ErrorException(
        Error(errors::kLastAdmin, "the organization needs at least one active admin"));
  }
}

}  // namespace

AccountsService::AccountsService(platform::store::Database& db,
                                 platform::identity::Accounts& accounts,
                                 const platform::identity::Sessions& sessions, SessionCache& cache)
    : db_(db), accounts_(accounts), sessions_(sessions), cache_(cache) {}

awaitable<Result<Organization>> AccountsService::GetOrganization(const Principal& who) {
  auto found = co_await db_.Read([&](Connection& c) -> std::optional<Organization> {
    const auto rows = c.Query("SELECT " + std::string(detail::kOrganizationColumns) +
                                  " FROM organizations o WHERE o.id = $1",
                              {who.organization_id});
    if (rows.empty()) return std::nullopt;
    return detail::OrganizationFrom(rows[0]);
  });
  if (!found) co_return Error(platform::errors::kNotFound, "no such organization");
  co_return *found;
}

awaitable<Result<Organization>> AccountsService::UpdateOrganization(const Principal& who,
                                                                    OrganizationPatch patch,
                                                                    RequestMeta meta) {
  if (patch.billing_email) {
    auto email = NormalizeEmail(*patch.billing_email);
    if (!email) co_return platform::net::FieldError("billingEmail", "not an email address");
    patch.billing_email = *email;
  }
  boost::json::object changed;
  if (patch.name) changed["name"] = *patch.name;
  if (patch.billing_email) changed["billingEmail"] = *patch.billing_email;
  if (patch.time_zone) changed["timezone"] = *patch.time_zone;
  co_await db_.Transact([&](Connection& c) {
    c.Execute(
        "UPDATE organizations SET name = COALESCE($2, name), billing_email = COALESCE($3, "
        "billing_email), time_zone = COALESCE($5, time_zone), updated_at = $4 WHERE id = $1",
        {who.organization_id, platform::store::Nullable(patch.name),
         platform::store::Nullable(patch.billing_email), platform::NowMillis(),
         platform::store::Nullable(patch.time_zone)});
    audit::Record(c, AuditEntry(who, meta, "organization.updated", "organization",
                                who.organization_id, changed));
  });
  co_return co_await GetOrganization(who);
}

awaitable<UserPage> AccountsService::ListUsers(const Principal& who,
                                               platform::net::PageRequest page) {
  co_return co_await db_.Read([&](Connection& c) {
    platform::store::Params params{who.organization_id, page.limit + 1};
    std::string where = "u.organization_id = $1";
    if (page.after) {
      where += " AND (u.created_at, u.id) > ($3, $4)";
      params.push_back(page.after->time);
      params.push_back(page.after->id);
    }
    const auto rows =
        c.Query(SelectUserSql(where) + " ORDER BY u.created_at, u.id LIMIT $2", params);
    UserPage out;
    for (const auto& row : rows) {
      if (static_cast<std::int64_t>(out.items.size()) == page.limit) {
        const User& last = out.items.back();
        out.next_cursor = platform::net::EncodeCursor({last.created_at, last.id});
        break;
      }
      out.items.push_back(detail::UserFrom(row));
    }
    return out;
  });
}

awaitable<Result<User>> AccountsService::CreateUser(const Principal& who, NewUser input,
                                                    RequestMeta meta) {
  auto email = NormalizeEmail(input.email);
  if (!email) co_return email.error();
  if (auto password = CheckPassword(input.password); !password) co_return password.error();
  const std::string hash = co_await accounts_.HashPassword(input.password);
  co_return co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    User user{.id = platform::NewId(),
              .organization_id = who.organization_id,
              .email = *email,
              .first_name = input.first_name,
              .last_name = input.last_name,
              .role = input.role,
              .is_active = true,
              .created_at = now};
    RequireSeat(c, who.organization_id, now);
    if (platform::identity::Accounts::Insert(
            c, {.id = user.id, .email = user.email, .password_hash = hash}, now) !=
        platform::identity::Taken::kNothing) {
      throw ErrorException(
          Error(errors::kEmailTaken, "an account with this email exists", {{"field", "email"}}));
    }
    c.Execute(
        "INSERT INTO users (id, organization_id, email, first_name, last_name, role, "
        "is_active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7)",
        {user.id, user.organization_id, user.email, user.first_name, user.last_name,
         std::string(RoleName(user.role)), now});
    audit::Record(c, AuditEntry(who, meta, "user.created", "user", user.id,
                                {{"email", user.email}, {"role", RoleName(user.role)}}));
    return user;
  });
}

awaitable<Result<User>> AccountsService::UpdateUser(const Principal& who, std::string user_id,
                                                    UserPatch patch, RequestMeta meta) {
  std::optional<std::string> new_hash;
  if (patch.password) {
    if (auto ok = CheckPassword(*patch.password); !ok) co_return ok.error();
    new_hash = co_await accounts_.HashPassword(*patch.password);
  }
  auto updated = co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    LockOrganization(c, who.organization_id, now);
    auto user = FindUser(c, who.organization_id, user_id);
    if (!user) throw ErrorException(kUserNotFound);
    const bool loses_admin =
        user->role == Role::kAdmin && user->is_active &&
        ((patch.role && *patch.role != Role::kAdmin) || (patch.is_active && !*patch.is_active));
    if (loses_admin) RequireAnotherActiveAdmin(c, *user);
    if (patch.is_active && *patch.is_active && !user->is_active) {
      RequireSeat(c, who.organization_id, now);
    }
    boost::json::object changed;
    if (patch.first_name)
      user->first_name = *patch.first_name, changed["firstName"] = *patch.first_name;
    if (patch.last_name) user->last_name = *patch.last_name, changed["lastName"] = *patch.last_name;
    if (patch.role) user->role = *patch.role, changed["role"] = RoleName(*patch.role);
    if (patch.is_active) user->is_active = *patch.is_active, changed["isActive"] = *patch.is_active;
    if (new_hash) changed["password"] = "changed";
    c.Execute(
        "UPDATE users SET first_name = $3, last_name = $4, role = $5, is_active = $6, "
        "updated_at = $7 WHERE id = $1 AND organization_id = $2",
        {user->id, who.organization_id, user->first_name, user->last_name,
         std::string(RoleName(user->role)), std::int64_t{user->is_active ? 1 : 0}, now});
    if (new_hash) platform::identity::Accounts::SetPasswordHash(c, user->id, *new_hash, now);
    // A new password or a deactivation ends the user's sessions.
    if (new_hash || (patch.is_active && !*patch.is_active)) {
      sessions_.RevokeAll(c, user->id, now);
    }
    audit::Record(c, AuditEntry(who, meta, "user.updated", "user", user->id, changed));
    return *user;
  });
  // Open sessions pick up the new role or state at once (SessionCache).
  if (updated) cache_.ForgetAccount(updated->id);
  co_return updated;
}

awaitable<Result<bool>> AccountsService::DeleteUser(const Principal& who, std::string user_id,
                                                    RequestMeta meta) {
  auto deleted = co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    LockOrganization(c, who.organization_id, now);
    auto user = FindUser(c, who.organization_id, user_id);
    if (!user) throw ErrorException(kUserNotFound);
    if (user->role == Role::kAdmin && user->is_active) RequireAnotherActiveAdmin(c, *user);
    c.Execute("DELETE FROM users WHERE id = $1 AND organization_id = $2",
              {user->id, who.organization_id});
    platform::identity::Accounts::Delete(c, user->id);  // and with it, the user's sessions
    audit::Record(
        c, AuditEntry(who, meta, "user.deleted", "user", user->id, {{"email", user->email}}));
    return true;
  });
  if (deleted) cache_.ForgetAccount(user_id);
  co_return deleted;
}

}  // namespace vizora::identity
