#pragma once

// GET /ws/device: the screens' socket, exactly as API.md "WebSocket: devices" says: hello with
// the device token within 10 s, welcome + manifest, heartbeats and their acks, commands and
// their results, invalid frames answered with VALIDATION_001 while the socket stays open.

#include "platform/bus/bus.hpp"
#include "platform/net/flood_guard.hpp"
#include "platform/net/router.hpp"
#include "platform/net/socket_deadlines.hpp"
#include "vizora/devices/device_hub.hpp"
#include "vizora/devices/devices_service.hpp"
#include "vizora/devices/manifest.hpp"
#include "vizora/devices/presence.hpp"

namespace vizora::devices {

// Frames a socket may send (messages and pings): a burst of 60, then 10 a second, refused
// with RATE_LIMIT beyond; closed (1008) after 100 refused in a row. A screen sends a
// heartbeat every 15 s and a few proof-of-play events a minute; this is far above that.
inline constexpr platform::net::FloodGuard::Limits kDeviceFrameLimits{
    .per_second = 10, .burst = 60, .max_refused_in_a_row = 100};
inline constexpr std::size_t kMaxDeviceFrameBytes = 64 * 1024;

inline constexpr std::chrono::seconds kHelloTimeout{10};

// Proof-of-play frames (impression, playback_error) go to the analytics module through this:
// it stores the event and returns once it is committed (the screen then gets events:ack with
// its id), or returns why the event was refused (the screen gets an error frame).
using DeviceEventSink = std::function<boost::asio::awaitable<std::optional<platform::Error>>(
    const std::string& organization_id, const std::string& device_id, boost::json::object event)>;

struct DeviceGatewayContext {
  DevicesService& devices;
  // Closes sockets without a hello after kHelloTimeout (4408).
  platform::net::SocketDeadlines& hello_deadlines;
  DeviceHub& hub;
  PresenceWriter& presence;
  platform::bus::Bus& bus;
  ManifestSource manifest;  // empty: the empty manifest
  DeviceEventSink events;   // empty: proof-of-play frames are refused
};

void AddDeviceSocketRoute(platform::net::Router& router, DeviceGatewayContext context);

}  // namespace vizora::devices
