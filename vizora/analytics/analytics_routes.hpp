#pragma once

// Proof of play over HTTP and the socket: POST /api/v1/device/events (a screen's batch after an
// outage) and the device socket's impression/playback_error frames; and the reports
// (API.md "Analytics and audit"): content performance, impressions per screen per day, screen
// uptime, API latency and the impressions CSV.

#include "platform/net/router.hpp"
#include "vizora/analytics/api_logs.hpp"
#include "vizora/analytics/event_store.hpp"
#include "vizora/analytics/reports.hpp"
#include "vizora/devices/device_gateway.hpp"

namespace vizora::analytics {

inline constexpr std::size_t kMaxEventsPerBatch = 1000;

// The device socket's way in (devices::DeviceGatewayContext::events).
devices::DeviceEventSink MakeDeviceEventSink(EventStore& store);

// The API log: a request made on an organization's behalf (a signed-in user or a screen) goes
// to the writer; others (sign-in, pairing, static files) are not any organization's. A full
// queue drops the log line, never slows the request.
void LogApiRequest(ApiLogWriter& writer, const platform::net::Request& request, int status,
                   std::int64_t duration_us);

void AddAnalyticsRoutes(platform::net::Router& router, EventStore& store, Reports& reports);

}  // namespace vizora::analytics
