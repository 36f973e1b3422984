#pragma once

#include "platform/net/router.hpp"
#include "vizora/app/app_context.hpp"

namespace vizora {

// The dashboard at /, the player at /player, and JSON 404s for unknown /api and /ws paths
// (so an API typo never comes back as the dashboard's HTML).
void AddWebRoutes(platform::net::Router& router, const AppContext& app);

}  // namespace vizora
