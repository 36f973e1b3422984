#include "vizora/devices/held_screens.hpp"

#include "vizora/billing/plans.hpp"

namespace vizora::devices {

HeldScreens FindHeldScreens(platform::store::Connection& c, const std::string& organization_id,
                            std::int64_t now) {
  const billing::Entitlement entitlement = billing::ReadEntitlement(c, organization_id, now);
  // Fewer screens than it has without a billing reason: an operator lowered the quota.
  HeldScreens out{.allowed = entitlement.screens,
                  .reason = entitlement.reduced_because.empty() ? std::string_view("screen_quota")
                                                                : entitlement.reduced_because};
  const std::int64_t screens =
      c.Query("SELECT COUNT(*) FROM devices WHERE organization_id = $1", {organization_id})[0].Int(
          0);
  if (screens <= out.allowed) return out;
  for (const auto& row :
       c.Query("SELECT id FROM devices WHERE organization_id = $1 ORDER BY created_at, id LIMIT $2 "
               "OFFSET $3",
               {organization_id, screens, out.allowed})) {
    out.ids.insert(row.Text(0));
  }
  return out;
}

}  // namespace vizora::devices
