#pragma once

// Proof-of-play events a screen sends (API.md "WebSocket: devices" 5, and the batch endpoint
// POST /api/v1/device/events): impressions and playback errors. Each carries an id the player
// chose, so a resend after an outage is recognised and stored once.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "platform/core/error.hpp"

namespace vizora::analytics {

// How far from the server's clock an event's time may be: a screen offline for a long
// weekend still delivers, a wrong clock years away does not pollute reports.
inline constexpr std::int64_t kMaxEventAgeMs = 30LL * 24 * 3600 * 1000;
inline constexpr std::int64_t kMaxEventAheadMs = 10LL * 60 * 1000;
inline constexpr std::int64_t kMaxShownMs = 24LL * 3600 * 1000;

struct Impression {
  std::string id, content_id;
  std::optional<std::string> playlist_id;
  std::int64_t started_at = 0, duration_ms = 0;
  bool completed = false;
};

struct PlaybackError {
  std::string id;
  std::optional<std::string> content_id;
  std::string error_type, error_message;
  std::int64_t occurred_at = 0;
};

using DeviceEvent = std::variant<Impression, PlaybackError>;

const std::string& IdOf(const DeviceEvent& event);

// One event as JSON, `type` included, sent by the screen `device_id`; the error says what is
// wrong with it (VALIDATION_001).
platform::Result<DeviceEvent> ParseDeviceEvent(const boost::json::object& event,
                                               std::int64_t now_ms, std::string_view device_id);
// The content an event names, if any.
std::optional<std::string_view> ContentOf(const DeviceEvent& event);

}  // namespace vizora::analytics
