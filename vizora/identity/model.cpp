#include "vizora/identity/model.hpp"

#include "platform/core/clock.hpp"

namespace vizora::identity {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kManager:
      return "manager";
    case Role::kViewer:
      return "viewer";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "manager") return Role::kManager;
  if (name == "viewer") return Role::kViewer;
  return std::nullopt;
}

namespace {
boost::json::value OptionalTime(const std::optional<std::int64_t>& t) {
  if (!t) return nullptr;
  return boost::json::value(platform::FormatIso8601(*t));
}
}  // namespace

boost::json::object ToJson(const User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"firstName", u.first_name},
          {"lastName", u.last_name},
          {"role", RoleName(u.role)},
          {"organizationId", u.organization_id},
          {"isActive", u.is_active},
          {"emailVerified", u.email_verified_at.has_value()},
          {"lastLoginAt", OptionalTime(u.last_login_at)},
          {"createdAt", platform::FormatIso8601(u.created_at)}};
}

boost::json::object ToJson(const Organization& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"slug", o.slug},
          {"subscriptionTier", o.subscription_tier},
          {"screenQuota", o.screen_quota},
          {"subscriptionStatus", o.subscription_status},
          {"trialEndsAt", OptionalTime(o.trial_ends_at)},
          {"timezone", o.time_zone},
          {"createdAt", platform::FormatIso8601(o.created_at)}};
}

}  // namespace vizora::identity
