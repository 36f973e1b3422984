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
#include <string>
#include <string_view>

#include "platform/core/error.hpp"
#include "platform/store/database.hpp"

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
inline constexpr platform::ErrorKind kLimitReached{"BILLING_006", 403};
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

// What an organization may use now, from its subscription's state:
//   active                      its plan, and its own screen quota
//   trial, before trial_ends_at the trial plan's storage and users (Basic's), its screen quota
//   trial, after it             the free plan (the trial ended without a subscription)
//   past_due, within the grace  its plan, as if paid (Stripe is retrying the card)
//   past_due, after the grace   the free plan
//   canceled                    the free plan
// Nothing is deleted when limits drop: screens beyond them keep what they play and get
// nothing new, uploads and invitations past them are refused, until the organization pays.
struct Standing {
  std::string_view tier, status;
  std::optional<std::int64_t> trial_ends_at, grace_ends_at;  // epoch ms
  std::int64_t screen_quota = 0;
};
struct Entitlement {
  const Plan* plan = nullptr;  // whose storage, users and retention apply
  std::int64_t screens = 0;
  // Why the free plan's limits apply although the organization had more: "trial_ended",
  // "past_due" or "canceled"; empty when they do not.
  std::string_view reduced_because;
  // organizations.subscription_tier as stored (refusals name it); set by Lock/ReadEntitlement.
  std::string subscription_tier;
};
inline constexpr std::string_view kTrialPlan = "basic";
Entitlement EntitlementOf(const Standing& standing, std::int64_t now);

// The organization's standing read in `c`'s transaction with its row locked until the end of
// it (so two uploads, invitations or pairings cannot both take the last room), and what it
// may use now.
Entitlement LockEntitlement(platform::store::Connection& c, const std::string& organization_id,
                            std::int64_t now);
// The same without the lock, for readers (manifests, device lists): what applies at `now`.
Entitlement ReadEntitlement(platform::store::Connection& c, const std::string& organization_id,
                            std::int64_t now);
// A refusal at a plan's limit: 403 BILLING_006 naming the limit, what is used, what the
// organization has now, and the cheapest plan that allows `needed`.
platform::Error LimitReached(Limit limit, std::int64_t used, std::int64_t allowed,
                             std::int64_t needed);

}  // namespace vizora::billing
