#pragma once

// The HTTP side of notifications (issue 23): what the caller hears by mail and the
// organization's offline alert threshold (GET /api/v1/notifications), changing either, and the
// one-click unsubscribe that every notification mail links to (no session: the signed token
// is the proof).

#include "platform/core/error.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "vizora/notifications/preferences.hpp"

namespace vizora::notifications {

namespace errors {
inline constexpr platform::ErrorKind kUnsubscribeInvalid{"NOTIFY_001", 400};
}  // namespace errors

void AddNotificationRoutes(platform::net::Router& router, platform::store::Database& db,
                           const UnsubscribeLinks& links);

}  // namespace vizora::notifications
