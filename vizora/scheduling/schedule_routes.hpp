#pragma once

// HTTP routes of schedules (API.md "Scheduling").

#include "platform/net/router.hpp"
#include "vizora/scheduling/schedules_service.hpp"

namespace vizora::scheduling {

void AddScheduleRoutes(platform::net::Router& router, SchedulesService& service);

}  // namespace vizora::scheduling
