#pragma once

// Playlists: ordered content with per-item durations and transitions (API.md "Playlists and
// publishing").

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/error.hpp"

namespace vizora::playlists {

inline constexpr std::size_t kMaxNameBytes = 255;
inline constexpr std::size_t kMaxDescriptionBytes = 2000;
inline constexpr std::size_t kMaxItems = 500;
inline constexpr std::int64_t kMinItemSeconds = 1;
inline constexpr std::int64_t kMaxItemSeconds = 86'400;
inline constexpr std::int64_t kMaxTransitionMs = 10'000;
// An item without a duration: a video plays to its end, anything else this long.
inline constexpr std::int64_t kDefaultItemSeconds = 10;

namespace errors {
// An item names content the playlist cannot use: details {index, contentId, reason}.
inline constexpr platform::ErrorKind kUnusableContent{"PLAYLIST_001", 422};
// The playlist is in use (schedules, publishes, default of screens): details say where.
inline constexpr platform::ErrorKind kInUse{"CONFLICT_006", 409};
}  // namespace errors

bool IsTransition(std::string_view name);

struct PlaylistItem {
  std::string content_id;
  std::int64_t duration = 0;  // seconds
  std::string transition = "none";
  std::int64_t transition_duration = 0;  // milliseconds
};

struct Playlist {
  std::string id, organization_id, name, description;
  bool loop = true;
  std::vector<PlaylistItem> items;
  std::optional<std::string> created_by;
  std::int64_t created_at = 0, updated_at = 0;
  std::int64_t TotalDuration() const;  // seconds
};

boost::json::object ToJson(const Playlist& playlist);

}  // namespace vizora::playlists
