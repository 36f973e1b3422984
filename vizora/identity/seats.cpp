#include "vizora/identity/seats.hpp"

#include "platform/core/error.hpp"
#include "vizora/billing/plans.hpp"

namespace vizora::identity {

std::int64_t SeatsTaken(platform::store::Connection& c, const std::string& organization_id,
                        std::int64_t now) {
  return c
      .Query(
          "SELECT (SELECT COUNT(*) FROM users WHERE organization_id = $1 AND is_active = 1) + "
          "(SELECT COUNT(*) FROM invitations WHERE organization_id = $1 AND accepted_at IS NULL "
          "AND revoked_at IS NULL AND expires_at > $2)",
          {organization_id, now})[0]
      .Int(0);
}

void RequireSeat(platform::store::Connection& c, const std::string& organization_id,
                 std::int64_t now) {
  const std::int64_t allowed = billing::LockEntitlement(c, organization_id, now).plan->users;
  const std::int64_t used = SeatsTaken(c, organization_id, now);
  if (used + 1 > allowed) {
    throw platform::ErrorException(
        billing::LimitReached(billing::Limit::kUsers, used, allowed, used + 1));
  }
}

}  // namespace vizora::identity
