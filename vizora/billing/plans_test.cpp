#include "vizora/billing/plans.hpp"

#include <gtest/gtest.h>

namespace vizora::billing {
namespace {

TEST(PlansTest, EachPlanIncludesMoreThanTheOneBeforeIt) {
  const auto plans = AllPlans();
  ASSERT_EQ(plans.size(), 4u);
  EXPECT_EQ(plans.front().id, "free");
  EXPECT_EQ(plans.front().cents_per_screen_month, 0);
  for (std::size_t i = 1; i < plans.size(); ++i) {
    EXPECT_GT(plans[i].screens, plans[i - 1].screens) << plans[i].id;
    EXPECT_GT(plans[i].storage_bytes, plans[i - 1].storage_bytes) << plans[i].id;
    EXPECT_GT(plans[i].users, plans[i - 1].users) << plans[i].id;
    EXPECT_GT(plans[i].analytics_retention_days, plans[i - 1].analytics_retention_days);
    EXPECT_GT(plans[i].cents_per_screen_month, plans[i - 1].cents_per_screen_month);
  }
}

TEST(PlansTest, TheCheapestPlanThatLiftsALimitIsNamed) {
  EXPECT_EQ(PlanAllowing(Limit::kScreens, 5), "free");
  EXPECT_EQ(PlanAllowing(Limit::kScreens, 6), "basic");
  EXPECT_EQ(PlanAllowing(Limit::kScreens, 101), "enterprise");
  EXPECT_EQ(PlanAllowing(Limit::kScreens, 1001), std::nullopt) << "only an operator goes beyond";
  EXPECT_EQ(PlanAllowing(Limit::kUsers, 4), "basic");
  EXPECT_EQ(PlanAllowing(Limit::kStorageBytes, 2LL << 30), "basic");
  EXPECT_EQ(FindPlan("pro")->screens, 100);
  EXPECT_EQ(FindPlan("gold"), nullptr);
  EXPECT_EQ(FreePlan().id, "free");
  EXPECT_EQ(LimitName(Limit::kStorageBytes), "storageBytes");
  boost::json::object details;
  AddUpgradeDetails(details, Limit::kScreens, 26);
  EXPECT_EQ(details.at("limit"), "screens");
  EXPECT_EQ(details.at("upgradeTo"), "pro");
  AddUpgradeDetails(details, Limit::kScreens, 5000);
  EXPECT_TRUE(details.at("upgradeTo").is_null());
}

TEST(PlansTest, WhatAnOrganizationMayUseFollowsItsSubscription) {
  constexpr std::int64_t kDay = 24LL * 3600 * 1000;
  const std::int64_t now = 100 * kDay;
  // A trial lends Basic's storage and users until it ends; then the free plan's.
  Standing trial{.tier = "free", .status = "trial", .trial_ends_at = now + kDay, .screen_quota = 5};
  auto e = EntitlementOf(trial, now);
  EXPECT_EQ(e.plan->id, "basic");
  EXPECT_EQ(e.screens, 5);
  EXPECT_EQ(e.reduced_because, "");
  trial.trial_ends_at = now - 1;
  e = EntitlementOf(trial, now);
  EXPECT_EQ(e.plan->id, "free");
  EXPECT_EQ(e.reduced_because, "trial_ended");
  // Paid: the plan and the screens paid for, through the grace period when a payment fails.
  Standing paid{.tier = "pro", .status = "active", .screen_quota = 40};
  e = EntitlementOf(paid, now);
  EXPECT_EQ(e.plan->id, "pro");
  EXPECT_EQ(e.screens, 40);
  paid.status = "past_due";
  paid.grace_ends_at = now + kDay;
  EXPECT_EQ(EntitlementOf(paid, now).plan->id, "pro");
  paid.grace_ends_at = now;
  e = EntitlementOf(paid, now);
  EXPECT_EQ(e.plan->id, "free");
  EXPECT_EQ(e.screens, 5);
  EXPECT_EQ(e.reduced_because, "past_due");
  paid.status = "canceled";
  EXPECT_EQ(EntitlementOf(paid, now).reduced_because, "canceled");
  // An unknown tier (a database edited by hand) is the free plan, never a crash.
  EXPECT_EQ(EntitlementOf({.tier = "gold", .status = "active", .screen_quota = 3}, now).plan->id,
            "free");
}

}  // namespace
}  // namespace vizora::billing
