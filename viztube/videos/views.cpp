#include "viztube/videos/views.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/store/sql_builder.hpp"

namespace viztube::videos {

void WriteViews(platform::store::Connection& c, std::vector<ViewEvent>& batch) {
  namespace store = platform::store;
  // A batch holds many plays of the same few pairs (a viewer's replays, a popular video):
  // each pair is written once, counting from its first play and recording its last.
  std::map<std::pair<std::string, std::string>, std::int64_t> first_play;  // (video, viewer)
  std::map<std::pair<std::string, std::string>, std::int64_t> last_watch;  // (user, video)
  std::set<std::string> video_ids;
  for (const auto& e : batch) {
    video_ids.insert(e.video_id);
    if (!e.viewer.empty()) first_play.try_emplace({e.video_id, e.viewer}, e.at);
    if (e.user_id) {
      auto& at = last_watch[{*e.user_id, e.video_id}];
      at = std::max(at, e.at);
    }
  }
  // Videos deleted since their plays were queued have nothing left to count against. On
  // PostgreSQL the rest are locked against deletion (not against counting) until commit;
  // SQLite's write lock, held by this transaction, already excludes any delete.
  const std::vector<std::string> ids(video_ids.begin(), video_ids.end());
  std::set<std::string> present;
  for (std::size_t first = 0, n = 0; first < ids.size(); first += n) {
    n = store::NextChunk(ids.size() - first);
    const auto rows =
        c.Query("SELECT id FROM videos WHERE id IN (" + store::Placeholders(1, n) + ")" +
                    (c.dialect() == store::Dialect::kPostgres ? " FOR KEY SHARE" : ""),
                store::Params(ids.begin() + static_cast<long>(first),
                              ids.begin() + static_cast<long>(first + n)));
    for (const auto& row : rows) present.insert(row.Text(0));
  }

  // A pair counts when it is new, or its last counted view is a window old.
  store::Params marks;
  for (const auto& [pair, at] : first_play) {
    if (present.contains(pair.first)) marks.insert(marks.end(), {pair.first, pair.second, at});
  }
  const auto counted = store::InsertRows(
      c, "INSERT INTO video_view_marks (video_id, viewer, counted_at) VALUES ", 3, marks,
      " ON CONFLICT (video_id, viewer) DO UPDATE SET counted_at = excluded.counted_at "
      "WHERE video_view_marks.counted_at <= excluded.counted_at - " +
          std::to_string(kViewWindowMillis) + " RETURNING video_id, counted_at");
  std::map<std::string, std::int64_t> views;
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> daily;  // (video, UTC day)
  for (const auto& row : counted) {
    ++views[row.Text(0)];
    ++daily[{row.Text(0), row.Int(1) / platform::kMillisPerDay}];
  }
  store::Params increments;
  for (const auto& [video_id, n] : views) increments.insert(increments.end(), {video_id, n});
  store::InsertRows(c, "UPDATE videos SET views = views + CAST(v.column2 AS BIGINT) FROM (VALUES ",
                    2, increments, ") AS v WHERE videos.id = v.column1");
  store::Params days;
  for (const auto& [key, n] : daily) days.insert(days.end(), {key.first, key.second, n});
  store::InsertRows(c, "INSERT INTO video_views_daily (video_id, day, views) VALUES ", 3, days,
                    " ON CONFLICT (video_id, day) DO UPDATE SET views = "
                    "video_views_daily.views + excluded.views");

  store::Params history;
  for (const auto& [pair, at] : last_watch) {
    if (present.contains(pair.second)) history.insert(history.end(), {pair.first, pair.second, at});
  }
  store::InsertRows(c, "INSERT INTO watch_history (user_id, video_id, watched_at) VALUES ", 3,
                    history,
                    " ON CONFLICT (user_id, video_id) DO UPDATE SET watched_at = "
                    "excluded.watched_at WHERE watch_history.watched_at < excluded.watched_at");
}

std::string ViewerKey(const std::optional<std::string>& user_id, std::string_view address,
                      std::string_view user_agent) {
  if (user_id) return "u:" + *user_id;
  return "a:" +
         platform::Sha256Hex(std::string(address) + "\n" + std::string(user_agent)).substr(0, 32);
}

}  // namespace viztube::videos
