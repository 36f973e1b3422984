#pragma once

// Internal to vizora/identity: the people an organization's plan allows (issue 23).

#include <cstdint>
#include <string>

#include "platform/store/database.hpp"

namespace vizora::identity::detail {

// Room for one more person within what the plan allows now, or BILLING_006. Active people
// and pending, unexpired invitations take seats. Locks the organization's row, so two
// additions cannot both take the last seat.
void RequireSeat(platform::store::Connection& c, const std::string& organization_id,
                 std::int64_t now);

}  // namespace vizora::identity::detail
