#include "vizora/billing/billing_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "platform/core/clock.hpp"
#include "vizora/billing/plans.hpp"
#include "vizora/identity/identity_routes.hpp"

namespace vizora::billing {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::store::Connection;

namespace {

json::object ToJson(const Plan& plan) {
  return {{"id", plan.id},
          {"name", plan.name},
          {"screens", plan.screens},
          {"storageBytes", plan.storage_bytes},
          {"users", plan.users},
          {"analyticsRetentionDays", plan.analytics_retention_days},
          {"centsPerScreenMonth", plan.cents_per_screen_month}};
}

struct Standing {
  std::string tier, status;
  std::optional<std::int64_t> trial_ends_at;
  std::int64_t screen_quota = 0, screens = 0, storage_bytes = 0, users = 0;
};

Standing Read(Connection& c, const std::string& organization_id) {
  const auto org = c.Query(
      "SELECT subscription_tier, subscription_status, trial_ends_at, screen_quota, "
      "(SELECT COUNT(*) FROM devices WHERE organization_id = $1), "
      "(SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM contents "
      "WHERE organization_id = $1 AND deleted_at IS NULL), "
      "(SELECT COUNT(*) FROM users WHERE organization_id = $1 AND is_active = 1) "
      "FROM organizations WHERE id = $1",
      {organization_id});
  const auto& row = org[0];  // the caller's own organization: always there
  return {.tier = row.Text(0),
          .status = row.Text(1),
          .trial_ends_at = row.OptInt(2),
          .screen_quota = row.Int(3),
          .screens = row.Int(4),
          .storage_bytes = row.Int(5),
          .users = row.Int(6)};
}

}  // namespace

void AddBillingRoutes(net::Router& router, platform::store::Database& db) {
  router.Add(
      {.method = net::Method::kGet,
       .pattern = "/api/v1/billing",
       .handler = [&db](net::Request& r) -> awaitable<net::Response> {
         const std::string organization_id = identity::PrincipalOf(r).organization_id;
         const Standing s =
             co_await db.Read([&](Connection& c) { return Read(c, organization_id); });
         const Plan* found = FindPlan(s.tier);
         const Plan& plan = found != nullptr ? *found : FreePlan();
         json::array plans;
         for (const auto& p : AllPlans()) plans.push_back(ToJson(p));
         co_return net::Response::Json(
             200,
             json::object{
                 {"plan", ToJson(plan)},
                 {"status", s.status},
                 {"trialEndsAt", s.trial_ends_at
                                     ? json::value(platform::FormatIso8601(*s.trial_ends_at))
                                     : json::value(nullptr)},
                 // The screens may be more than the plan's own: an operator or the screens
                 // paid for set the organization's quota.
                 {"limits",
                  {{"screens", s.screen_quota},
                   {"storageBytes", plan.storage_bytes},
                   {"users", plan.users},
                   {"analyticsRetentionDays", plan.analytics_retention_days}}},
                 {"usage",
                  {{"screens", s.screens}, {"storageBytes", s.storage_bytes}, {"users", s.users}}},
                 {"plans", std::move(plans)}});
       },
       .summary = "The organization's plan, limits and usage, and the plans there are",
       .access = "viewer"});
}

}  // namespace vizora::billing
