#include "viztube/videos/views.hpp"

#include <map>

#include "platform/core/ids.hpp"

namespace viztube::videos {

namespace {

void RecordHistory(platform::store::Connection& c, const std::string& user_id,
                   const std::string& video_id, std::int64_t at) {
  c.Execute(
      "INSERT INTO watch_history (user_id, video_id, watched_at) "
      "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS BIGINT) "
      "WHERE EXISTS (SELECT 1 FROM videos WHERE id = $2) "
      "ON CONFLICT (user_id, video_id) DO UPDATE SET watched_at = excluded.watched_at",
      {user_id, video_id, at});
}

}  // namespace

void WriteViews(platform::store::Connection& c, std::vector<ViewEvent>& batch) {
  std::map<std::string, std::int64_t> counted;  // by video
  for (const auto& e : batch) {
    if (e.viewer.empty()) {  // the owner's own play: their history only
      if (e.user_id) RecordHistory(c, *e.user_id, e.video_id, e.at);
      continue;
    }
    // Counted when the pair is new, or its last counted view is a window old. A video deleted
    // meanwhile has no row to count against (the EXISTS), and the batch goes on. The casts
    // give PostgreSQL the parameters' types, which a bare SELECT list would leave as text.
    const auto rows = c.Query(
        "INSERT INTO video_view_marks (video_id, viewer, counted_at) "
        "SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS BIGINT) "
        "WHERE EXISTS (SELECT 1 FROM videos WHERE id = $1) "
        "ON CONFLICT (video_id, viewer) DO UPDATE SET counted_at = excluded.counted_at "
        "WHERE video_view_marks.counted_at <= excluded.counted_at - $4 RETURNING video_id",
        {e.video_id, e.viewer, e.at, kViewWindowMillis});
    if (!rows.empty()) ++counted[e.video_id];
    if (e.user_id) RecordHistory(c, *e.user_id, e.video_id, e.at);
  }
  for (const auto& [video_id, n] : counted) {
    c.Execute("UPDATE videos SET views = views + $2 WHERE id = $1", {video_id, n});
  }
}

std::string ViewerKey(const std::optional<std::string>& user_id, std::string_view address,
                      std::string_view user_agent) {
  if (user_id) return "u:" + *user_id;
  return "a:" +
         platform::Sha256Hex(std::string(address) + "\n" + std::string(user_agent)).substr(0, 32);
}

}  // namespace viztube::videos
