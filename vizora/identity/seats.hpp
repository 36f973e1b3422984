#pragma once

// The people an organization's plan allows (issue 23): active people and pending, unexpired
// invitations take seats. What billing shows as used and what additions are checked against.

#include <cstdint>
#include <string>

#include "platform/store/database.hpp"

namespace vizora::identity {

// Seats taken at `now`: active users plus invitations neither accepted, revoked nor expired.
std::int64_t SeatsTaken(platform::store::Connection& c, const std::string& organization_id,
                        std::int64_t now);

// Room for one more person within what the plan allows now, or BILLING_006. Locks the
// organization's row, so two additions cannot both take the last seat.
void RequireSeat(platform::store::Connection& c, const std::string& organization_id,
                 std::int64_t now);

}  // namespace vizora::identity
