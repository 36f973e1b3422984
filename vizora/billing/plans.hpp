#pragma once

// The plans an organization can be on, as data, in one place: what each includes and costs.
// Limits are enforced where they bite (pairing a screen today; uploads and invitations with
// billing, issue 23), and every refusal names the limit and the cheapest plan that lifts it.
// An organization's own screen quota (organizations.screen_quota) starts at its plan's
// screens and may be raised by an operator (vizora admin set-plan --screens) or, with
// billing, by the number of screens paid for.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vizora::billing {

struct Plan {
  std::string_view id;    // "free", "basic", "pro", "enterprise" (organizations.subscription_tier)
  std::string_view name;  // as the dashboard shows it
  std::int64_t screens = 0;
  std::int64_t storage_bytes = 0;
  std::int64_t users = 0;
  std::int64_t analytics_retention_days = 0;
  std::int64_t cents_per_screen_month = 0;  // US cents
};

// The limits a plan sets, by the names errors and the API use.
enum class Limit { kScreens, kStorageBytes, kUsers };
std::string_view LimitName(Limit limit);  // "screens", "storageBytes", "users"

// Every plan, cheapest first.
std::span<const Plan> AllPlans();
// The plan `id`, or null.
const Plan* FindPlan(std::string_view id);
const Plan& FreePlan();
// The cheapest plan whose `limit` allows `needed`, or nullopt when none does (then only an
// operator can raise it).
std::optional<std::string_view> PlanAllowing(Limit limit, std::int64_t needed);
// What a refusal adds to its details: {"limit": "screens", "upgradeTo": "basic"} (null when
// no plan allows `needed`).
void AddUpgradeDetails(boost::json::object& details, Limit limit, std::int64_t needed);

}  // namespace vizora::billing
