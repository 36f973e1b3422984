#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vizora::identity {

enum class Role { kViewer = 0, kManager = 1, kAdmin = 2 };
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
// viewer reads; manager also writes signage objects; admin also manages users and billing.
inline bool RoleAtLeast(Role have, Role need) {
  return static_cast<int>(have) >= static_cast<int>(need);
}

struct Organization {
  std::string id, name, slug, subscription_tier, subscription_status;
  std::int64_t screen_quota = 0;
  std::optional<std::int64_t> trial_ends_at;
  std::int64_t created_at = 0;
  std::string time_zone = "UTC";  // IANA; the organization's days and weeks
};

struct User {
  std::string id, organization_id, email, first_name, last_name;
  Role role = Role::kViewer;
  bool is_active = true;
  std::optional<std::int64_t> last_login_at;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> email_verified_at;  // the platform's account: address reaches them
};

// Who is calling: established by the guard from an access token, one per request.
struct Principal {
  std::string user_id, organization_id, session_id;
  Role role = Role::kViewer;
  bool via_cookie = false;
};

// API shapes (API.md): never the password hash.
boost::json::object ToJson(const User& user);
boost::json::object ToJson(const Organization& organization);

}  // namespace vizora::identity
