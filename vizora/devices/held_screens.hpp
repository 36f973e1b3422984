#pragma once

// Screens beyond the organization's plan (issue 23). When the screens an organization may
// have drop below the screens it has (a trial ended, a grace period ran out, a cancellation),
// nothing is unpaired: the screens paired first, up to the limit, go on receiving content,
// and the others are held. A held screen keeps playing what it has and is sent nothing new
// (a {"type":"held"} frame instead of manifests) until the organization pays for them or
// unpairs others. First come, first kept: the order is (created_at, id), stable however
// often it is asked.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "platform/store/database.hpp"

namespace vizora::devices {

struct HeldScreens {
  std::int64_t allowed = 0;  // the screens the organization may have now
  std::string_view reason;   // why they are fewer than it has: billing::Entitlement's
  std::set<std::string> ids;
};

// In the caller's transaction: the organization's row and, only when it has more screens than
// it may, the ids beyond. Cheap when nothing is held (one row, one count).
HeldScreens FindHeldScreens(platform::store::Connection& c, const std::string& organization_id,
                            std::int64_t now);

}  // namespace vizora::devices
