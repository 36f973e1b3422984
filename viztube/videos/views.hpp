#pragma once

// Views (VIZTUBE-API.md "Views"): one per viewer per video per 30 minutes, the owner's own
// never. Recorded on GET without waiting, written in batches (one transaction per batch) by a
// BatchWriter; the mark of each viewer's last counted view decides, inside the batch's
// transaction, so concurrent viewers on any number of instances are counted exactly.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/store/batch_writer.hpp"

namespace viztube::videos {

inline constexpr std::int64_t kViewWindowMillis = 30LL * 60 * 1000;

struct ViewEvent {
  std::string video_id;
  // "u:<user id>" or "a:<hash of address and agent>"; empty for the owner's own play, which
  // counts for nothing but their watch history.
  std::string viewer;
  std::optional<std::string> user_id;  // signed in: the watch history is kept too
  std::int64_t at = 0;
};

void WriteViews(platform::store::Connection& c, std::vector<ViewEvent>& batch);

using ViewWriter = platform::store::BatchWriter<ViewEvent>;

// The viewer key of a request: the user, else a hash of client address and user agent.
std::string ViewerKey(const std::optional<std::string>& user_id, std::string_view address,
                      std::string_view user_agent);

}  // namespace viztube::videos
