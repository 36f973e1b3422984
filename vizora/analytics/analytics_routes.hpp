#pragma once

// Proof of play over HTTP and the socket: POST /api/v1/device/events (a screen's batch after an
// outage), the device socket's impression/playback_error frames, and
// GET /api/v1/analytics/content-performance.

#include "platform/net/router.hpp"
#include "vizora/analytics/event_store.hpp"
#include "vizora/devices/device_gateway.hpp"

namespace vizora::analytics {

inline constexpr std::size_t kMaxEventsPerBatch = 1000;

// The device socket's way in (devices::DeviceGatewayContext::events).
devices::DeviceEventSink MakeDeviceEventSink(EventStore& store);

void AddAnalyticsRoutes(platform::net::Router& router, EventStore& store);

}  // namespace vizora::analytics
