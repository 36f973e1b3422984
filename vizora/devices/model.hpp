#pragma once

// Screens and their groups: API.md "Devices".

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vizora::devices {

// The realtime contract's timings (API.md "WebSocket: devices").
inline constexpr std::int64_t kHeartbeatIntervalMs = 15'000;
// Silent this long (no heartbeat or other frame): offline. The instance holding the socket
// enforces it by closing the socket (DeviceHub).
inline constexpr std::int64_t kOfflineAfterMs = 45'000;
// A device row records its heartbeat at most this often (and whenever what the screen plays
// changes): at 10,000 screens a row update per heartbeat was most of the server's cost.
// Every heartbeat still goes to the history table, and dashboards hear changes at once.
inline constexpr std::int64_t kHeartbeatRecordedEveryMs = 60'000;
// A device recorded online but without a recorded heartbeat for this long lost its instance
// (a crash cannot mark it offline): it is reported offline.
inline constexpr std::int64_t kPresumedOfflineAfterMs = kHeartbeatRecordedEveryMs + kOfflineAfterMs;

inline constexpr std::size_t kMaxNicknameBytes = 100;
inline constexpr std::size_t kMaxLocationBytes = 255;
inline constexpr std::size_t kMaxGroupNameBytes = 100;
inline constexpr std::size_t kMaxGroupsPerDevice = 50;

struct Device {
  std::string id, organization_id, nickname, location, timezone;
  std::string status;  // as stored: pairing | online | offline
  std::optional<std::string> default_playlist_id;
  std::optional<std::int64_t> last_heartbeat, paired_at;
  std::int64_t created_at = 0;
  boost::json::object metadata;
  std::optional<boost::json::object> metrics, current_content, player;
  std::vector<std::string> group_ids;
  // Beyond the organization's plan: plays what it has, is sent nothing new (held_screens.hpp).
  bool held = false;
};

struct DeviceGroup {
  std::string id, organization_id, name;
  std::int64_t device_count = 0;
  std::int64_t created_at = 0;
};

// What the status really is at `now`: a device stored as online whose instance died without
// saying so is offline after kPresumedOfflineAfterMs.
std::string_view EffectiveStatus(const Device& device, std::int64_t now);

boost::json::object ToJson(const Device& device, std::int64_t now);
boost::json::object ToJson(const DeviceGroup& group);

}  // namespace vizora::devices
