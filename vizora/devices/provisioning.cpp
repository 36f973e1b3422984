#include "vizora/devices/provisioning.hpp"

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/billing/plans.hpp"
#include "vizora/devices/pairing_service.hpp"

namespace vizora::devices {

using platform::Error;
using platform::ErrorException;

Provisioned ProvisionDevices(platform::store::Connection& c, const ProvisionRequest& request) {
  const std::int64_t now = platform::NowMillis();
  // The same organization lock as pairing: provisioning and pairings cannot overrun the quota
  // together.
  const auto org =
      c.Query("SELECT id FROM organizations WHERE slug = $1", {request.organization_slug});
  if (org.empty()) {
    throw ErrorException(Error(platform::errors::kNotFound, "no organization with that slug"));
  }
  Provisioned out{.organization_id = org[0].Text(0)};
  const billing::Entitlement entitlement = billing::LockEntitlement(c, out.organization_id, now);
  const std::int64_t quota = entitlement.screens;
  const std::int64_t used =
      c.Query("SELECT COUNT(*) FROM devices WHERE organization_id = $1", {out.organization_id})[0]
          .Int(0);
  if (used + request.count > quota) {
    Error refusal(errors::kScreenQuotaExceeded, "the plan's screens would be exceeded",
                  {{"currentDevices", used},
                   {"quota", quota},
                   {"requested", request.count},
                   {"subscriptionTier", entitlement.subscription_tier}});
    billing::AddUpgradeDetails(refusal.details, billing::Limit::kScreens, used + request.count);
    throw ErrorException(std::move(refusal));
  }
  std::optional<std::string> group_id;
  if (request.group_name) {
    c.Execute(
        "INSERT INTO device_groups (id, organization_id, name, created_at, updated_at) VALUES "
        "($1, $2, $3, $4, $4) ON CONFLICT (organization_id, name) DO NOTHING",
        {platform::NewId(), out.organization_id, *request.group_name, now});
    group_id = c.Query("SELECT id FROM device_groups WHERE organization_id = $1 AND name = $2",
                       {out.organization_id, *request.group_name})[0]
                   .Text(0);
  }
  out.device_ids.reserve(static_cast<std::size_t>(request.count));
  out.tokens.reserve(static_cast<std::size_t>(request.count));
  for (std::int64_t i = 0; i < request.count; ++i) {
    const std::string id = platform::NewId();
    std::string token = platform::auth::NewOpaqueToken();
    c.Execute(
        "INSERT INTO devices (id, organization_id, nickname, token_hash, status, paired_at, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, 'offline', $5, $5, $5)",
        {id, out.organization_id, request.nickname_prefix + std::to_string(used + i + 1),
         platform::auth::HashToken(token), now});
    if (group_id) {
      c.Execute("INSERT INTO device_group_members (group_id, device_id) VALUES ($1, $2)",
                {*group_id, id});
    }
    out.device_ids.push_back(id);
    out.tokens.push_back(std::move(token));
  }
  audit::Record(c,
                {.organization_id = out.organization_id,
                 .action = "device.provisioned",
                 .entity_type = "organization",
                 .entity_id = out.organization_id,
                 .details = {{"count", request.count},
                             {"group", request.group_name ? boost::json::value(*request.group_name)
                                                          : boost::json::value(nullptr)},
                             {"by", "operator"}}});
  return out;
}

}  // namespace vizora::devices
