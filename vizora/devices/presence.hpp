#pragma once

// What device sockets write: presence (online/offline) and heartbeats, through one batched
// writer (one transaction per batch, never one per heartbeat; DESIGN.md "Realtime").

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "platform/store/batch_writer.hpp"

namespace vizora::devices {

struct WentOnline {
  std::string device_id, connection_id;
  std::int64_t at = 0;
  boost::json::object player;  // what the hello said about the player
};

struct WentOffline {
  std::string device_id, connection_id;  // only if still that connection's (not replaced)
  std::int64_t at = 0;
};

struct Heartbeat {
  std::string device_id, organization_id;
  std::int64_t at = 0;
  std::optional<double> cpu, memory;
  std::optional<std::int64_t> storage_used, latency_ms;
  std::optional<std::string> playlist_id, content_id;
  // The time this beat vouches for: since the previous one (or the connection), at most two
  // heartbeat intervals. Summed per hour, it is the screen's uptime.
  std::int64_t covered_ms = 0;
  // Also record it on the device row (kHeartbeatRecordedEveryMs), with these two (JSON).
  bool update_device = true;
  std::string metrics_json;
  std::optional<std::string> current_content_json;  // none: the screen plays nothing known
};

using PresenceEvent = std::variant<WentOnline, WentOffline, Heartbeat>;

// Applies one batch in order (the writer's transaction): the device rows event by event, the
// heartbeat history and the hourly uptime in multi-row statements.
void WritePresence(platform::store::Connection& c, std::vector<PresenceEvent>& batch);

using PresenceWriter = platform::store::BatchWriter<PresenceEvent>;

}  // namespace vizora::devices
