#include "vizora/identity/detail/rows.hpp"

namespace vizora::identity::detail {

User UserFrom(const platform::store::Row& r, std::size_t at) {
  User u;
  u.id = r.Text(at);
  u.organization_id = r.Text(at + 1);
  u.email = r.Text(at + 2);
  u.first_name = r.Text(at + 3);
  u.last_name = r.Text(at + 4);
  u.role = ParseRole(r.Text(at + 5)).value_or(Role::kViewer);
  u.is_active = r.Bool(at + 6);
  u.last_login_at = r.OptInt(at + 7);
  u.created_at = r.Int(at + 8);
  u.email_verified_at = r.OptInt(at + 9);
  return u;
}

Organization OrganizationFrom(const platform::store::Row& r, std::size_t at) {
  Organization o;
  o.id = r.Text(at);
  o.name = r.Text(at + 1);
  o.slug = r.Text(at + 2);
  o.subscription_tier = r.Text(at + 3);
  o.screen_quota = r.Int(at + 4);
  o.subscription_status = r.Text(at + 5);
  o.trial_ends_at = r.OptInt(at + 6);
  o.created_at = r.Int(at + 7);
  o.time_zone = r.Text(at + 8);
  return o;
}

std::string UserWithOrganizationSql(std::string_view where, std::string_view extra) {
  std::string sql =
      "SELECT " + std::string(kUserColumns) + ", " + std::string(kOrganizationColumns);
  if (!extra.empty()) sql += ", " + std::string(extra);
  return sql + " FROM users u JOIN organizations o ON o.id = u.organization_id WHERE " +
         std::string(where);
}

}  // namespace vizora::identity::detail
