#pragma once

// How long analytics are kept (seed §5.4): the detail (impressions, playback errors,
// heartbeats, API logs) 90 days, the hourly rollups that reports read two years, both
// configurable. A job deletes what is older a few thousand rows per transaction, one
// organization at a time through its (organization, time) index, so ingest is never held up
// by a long lock and no statement scans a whole table.

#include <chrono>
#include <cstdint>
#include <string_view>

#include "platform/store/database.hpp"

namespace vizora::analytics {

inline constexpr std::string_view kRetentionQueue = "analytics.retention";
inline constexpr std::chrono::hours kRetentionEvery{1};

struct RetentionOptions {
  std::int64_t detail_days = 90;
  std::int64_t rollup_days = 730;
  std::int64_t rows_per_transaction = 5000;
};

// Deletes what has passed its retention as of `now`; returns the rows deleted.
std::int64_t EnforceRetention(platform::store::Database& db, const RetentionOptions& options,
                              std::int64_t now);
// Queues the next run `delay` from now, unless one is queued already.
void ScheduleRetention(platform::store::Connection& c, std::chrono::seconds delay);

}  // namespace vizora::analytics
