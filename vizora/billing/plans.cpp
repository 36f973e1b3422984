#include "vizora/billing/plans.hpp"

#include <algorithm>
#include <array>

namespace vizora::billing {

namespace {

constexpr std::int64_t kGiB = 1LL << 30;

constexpr std::array<Plan, 4> kPlans{{
    {.id = "free",
     .name = "Free",
     .screens = 5,
     .storage_bytes = 1 * kGiB,
     .users = 3,
     .analytics_retention_days = 7,
     .cents_per_screen_month = 0},
    {.id = "basic",
     .name = "Basic",
     .screens = 25,
     .storage_bytes = 25 * kGiB,
     .users = 10,
     .analytics_retention_days = 30,
     .cents_per_screen_month = 800},
    {.id = "pro",
     .name = "Pro",
     .screens = 100,
     .storage_bytes = 100 * kGiB,
     .users = 50,
     .analytics_retention_days = 90,
     .cents_per_screen_month = 1200},
    {.id = "enterprise",
     .name = "Enterprise",
     .screens = 1000,
     .storage_bytes = 1000 * kGiB,
     .users = 1000,
     .analytics_retention_days = 365,
     .cents_per_screen_month = 1500},
}};

std::int64_t ValueOf(const Plan& plan, Limit limit) {
  switch (limit) {
    case Limit::kScreens:
      return plan.screens;
    case Limit::kStorageBytes:
      return plan.storage_bytes;
    case Limit::kUsers:
      return plan.users;
  }
  return 0;
}

}  // namespace

std::string_view LimitName(Limit limit) {
  switch (limit) {
    case Limit::kScreens:
      return "screens";
    case Limit::kStorageBytes:
      return "storageBytes";
    case Limit::kUsers:
      return "users";
  }
  return "";
}

std::span<const Plan> AllPlans() {
  return kPlans;
}

const Plan* FindPlan(std::string_view id) {
  for (const auto& plan : kPlans) {
    if (plan.id == id) return &plan;
  }
  return nullptr;
}

const Plan& FreePlan() {
  return kPlans.front();
}

std::optional<std::string_view> PlanAllowing(Limit limit, std::int64_t needed) {
  for (const auto& plan : kPlans) {
    if (ValueOf(plan, limit) >= needed) return plan.id;
  }
  return std::nullopt;
}

void AddUpgradeDetails(boost::json::object& details, Limit limit, std::int64_t needed) {
  details["limit"] = LimitName(limit);
  const auto plan = PlanAllowing(limit, needed);
  details["upgradeTo"] = plan ? boost::json::value(*plan) : boost::json::value(nullptr);
}

Entitlement EntitlementOf(const Standing& s, std::int64_t now) {
  const Plan* own = FindPlan(s.tier);
  if (own == nullptr) own = &FreePlan();
  const auto reduced = [&](std::string_view why) {
    return Entitlement{.plan = &FreePlan(),
                       .screens = std::min(s.screen_quota, FreePlan().screens),
                       .reduced_because = why};
  };
  if (s.status == "trial") {
    if (s.trial_ends_at && now >= *s.trial_ends_at) return reduced("trial_ended");
    const Plan* trial = FindPlan(kTrialPlan);
    return {.plan = trial->storage_bytes > own->storage_bytes ? trial : own,
            .screens = s.screen_quota};
  }
  if (s.status == "past_due" && s.grace_ends_at && now >= *s.grace_ends_at) {
    return reduced("past_due");
  }
  if (s.status == "canceled") {
    return own == &FreePlan() ? Entitlement{.plan = own, .screens = s.screen_quota}
                              : reduced("canceled");
  }
  return {.plan = own, .screens = s.screen_quota};
}

namespace {

// From a row of (subscription_tier, subscription_status, trial_ends_at, grace_ends_at,
// screen_quota).
Entitlement FromRow(const platform::store::Rows& rows, std::int64_t now) {
  if (rows.empty()) return {.plan = &FreePlan(), .screens = 0};
  const std::string tier = rows[0].Text(0), status = rows[0].Text(1);
  Entitlement out = EntitlementOf({.tier = tier,
                                   .status = status,
                                   .trial_ends_at = rows[0].OptInt(2),
                                   .grace_ends_at = rows[0].OptInt(3),
                                   .screen_quota = rows[0].Int(4)},
                                  now);
  out.subscription_tier = tier;
  return out;
}

constexpr std::string_view kStandingColumns =
    "subscription_tier, subscription_status, trial_ends_at, grace_ends_at, screen_quota";

}  // namespace

Entitlement LockEntitlement(platform::store::Connection& c, const std::string& organization_id,
                            std::int64_t now) {
  return FromRow(c.Query("UPDATE organizations SET updated_at = updated_at WHERE id = $1 "
                         "RETURNING " +
                             std::string(kStandingColumns),
                         {organization_id}),
                 now);
}

Entitlement ReadEntitlement(platform::store::Connection& c, const std::string& organization_id,
                            std::int64_t now) {
  return FromRow(
      c.Query("SELECT " + std::string(kStandingColumns) + " FROM organizations WHERE id = $1",
              {organization_id}),
      now);
}

platform::Error LimitReached(Limit limit, std::int64_t used, std::int64_t allowed,
                             std::int64_t needed) {
  boost::json::object details{{"used", used}, {"allowed", allowed}};
  AddUpgradeDetails(details, limit, needed);
  return platform::Error(kLimitReached,
                         "the organization's plan allows no more " + std::string(LimitName(limit)),
                         std::move(details));
}

}  // namespace vizora::billing
