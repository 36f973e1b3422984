#include "vizora/analytics/event_store.hpp"

#include "platform/core/clock.hpp"

namespace vizora::analytics {

using boost::asio::awaitable;
using platform::store::Connection;
using platform::store::Nullable;

awaitable<void> EventStore::Record(std::string organization_id, std::string device_id,
                                   std::vector<DeviceEvent> events) {
  if (events.empty()) co_return;
  const std::int64_t now = platform::NowMillis();
  co_await db_.Transact([&](Connection& c) {
    for (const DeviceEvent& event : events) {
      if (const auto* i = std::get_if<Impression>(&event)) {
        c.Execute(
            "INSERT INTO impressions (organization_id, id, device_id, content_id, playlist_id, "
            "started_at, duration_ms, completed, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
            "$8, $9) ON CONFLICT (organization_id, id) DO NOTHING",
            {organization_id, i->id, device_id, i->content_id, Nullable(i->playlist_id),
             i->started_at, i->duration_ms, std::int64_t{i->completed ? 1 : 0}, now});
      } else {
        const auto& e = std::get<PlaybackError>(event);
        c.Execute(
            "INSERT INTO playback_errors (organization_id, id, device_id, content_id, error_type, "
            "error_message, occurred_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
            "ON CONFLICT (organization_id, id) DO NOTHING",
            {organization_id, e.id, device_id, Nullable(e.content_id), e.error_type,
             e.error_message, e.occurred_at, now});
      }
    }
    return 0;
  });
}

awaitable<std::vector<ContentPerformance>> EventStore::PerformanceOfContent(
    std::string organization_id, std::int64_t from, std::int64_t to) {
  co_return co_await db_.Read([&](Connection& c) {
    std::vector<ContentPerformance> report;
    for (const auto& r :
         c.Query("SELECT content_id, COUNT(*), CAST(AVG(duration_ms) AS DOUBLE PRECISION), "
                 "CAST(AVG(completed) AS DOUBLE PRECISION) FROM impressions "
                 "WHERE organization_id = $1 AND started_at >= $2 AND started_at < $3 "
                 "GROUP BY content_id ORDER BY COUNT(*) DESC, content_id",
                 {organization_id, from, to})) {
      report.push_back({.content_id = r.Text(0),
                        .impressions = r.Int(1),
                        .avg_duration_ms = r.Real(2),
                        .completion_rate = r.Real(3)});
    }
    return report;
  });
}

}  // namespace vizora::analytics
