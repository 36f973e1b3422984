#pragma once

// The channel owner's dashboard (VIZTUBE-API.md "Dashboard"): totals of their channel and
// their videos in every state. Routes: /api/v2/dashboard/*.

#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "viztube/videos/videos_service.hpp"

namespace viztube::dashboard {

struct DashboardContext {
  platform::store::Database& db;
  videos::VideosService& videos;
  const videos::MediaLinks& links;
};

void AddDashboardRoutes(platform::net::Router& router, DashboardContext context);

}  // namespace viztube::dashboard
