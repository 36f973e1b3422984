#pragma once

// HTTP routes of publishing (API.md "Playlists and publishing", "Scheduling"): instant
// publishes, and any screen's timeline for any range.

#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "vizora/publishing/instant_publishes.hpp"

namespace vizora::publishing {

void AddPublishingRoutes(platform::net::Router& router, InstantPublishes& publishes,
                         platform::store::Database& db);

}  // namespace vizora::publishing
