#include "vizora/analytics/retention.hpp"

#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/jobs/job_queue.hpp"

namespace vizora::analytics {

namespace store = platform::store;
using store::Connection;

namespace {

struct Kept {
  std::string_view table, time_column;
  bool detail;  // else a rollup
};

constexpr Kept kTables[] = {
    {"impressions", "started_at", true},
    {"playback_errors", "occurred_at", true},
    {"heartbeats", "at", true},
    {"api_logs", "at", true},
    {"impressions_hourly", "hour", false},
    {"device_uptime_hourly", "hour", false},
    {"api_latency_hourly", "hour", false},
};

// Deletes up to `limit` rows of one organization older than `cutoff`; returns how many.
std::int64_t DeleteSome(Connection& c, const Kept& kept, const std::string& organization_id,
                        std::int64_t cutoff, std::int64_t limit) {
  // Rows are named by their physical address: not every table has a key of its own.
  const std::string row = c.dialect() == store::Dialect::kSqlite ? "rowid" : "ctid";
  const std::string table(kept.table), column(kept.time_column);
  return c.Execute("DELETE FROM " + table + " WHERE " + row + " IN (SELECT " + row + " FROM " +
                       table + " WHERE organization_id = $1 AND " + column + " < $2 LIMIT $3)",
                   {organization_id, cutoff, limit});
}

}  // namespace

std::int64_t EnforceRetention(store::Database& db, const RetentionOptions& options,
                              std::int64_t now) {
  const auto organizations = db.ReadBlocking([](Connection& c) {
    std::vector<std::string> ids;
    for (const auto& row : c.Query("SELECT id FROM organizations")) ids.push_back(row.Text(0));
    return ids;
  });
  std::int64_t deleted = 0;
  for (const Kept& kept : kTables) {
    const std::int64_t days = kept.detail ? options.detail_days : options.rollup_days;
    const std::int64_t cutoff = now - days * platform::kMillisPerDay;
    for (const auto& organization_id : organizations) {
      for (;;) {
        const std::int64_t n = db.TransactBlocking([&](Connection& c) {
          return DeleteSome(c, kept, organization_id, cutoff, options.rows_per_transaction);
        });
        deleted += n;
        if (n < options.rows_per_transaction) break;
      }
    }
  }
  if (deleted > 0) platform::log::Info("analytics.retention", {{"deleted", deleted}});
  return deleted;
}

void ScheduleRetention(Connection& c, std::chrono::seconds delay) {
  platform::jobs::EnqueueUnlessQueued(c, kRetentionQueue, "{}",
                                      {.max_attempts = 1, .delay = delay});
}

}  // namespace vizora::analytics
