#pragma once

// The publishing.tick job, every minute on a worker: schedules' execution fields
// (lastExecutedAt, executionCount) follow their firings, and once an hour every screen gets a
// fresh manifest, so its 48 h horizon never runs short. The job queues its own next run.

#include <chrono>
#include <cstdint>
#include <string_view>

#include "platform/store/database.hpp"
#include "vizora/publishing/manifests.hpp"

namespace vizora::publishing {

inline constexpr std::string_view kTickQueue = "publishing.tick";
inline constexpr std::chrono::seconds kTickEvery{60};

// Brings every active schedule's execution fields up to `now`; returns how many changed.
std::int64_t RecordExecutions(platform::store::Database& db, std::int64_t now);

// One tick: executions, and the hourly manifest refresh when `now` is in a new hour since
// `previous_run` (epoch ms, 0 for none).
void Tick(platform::store::Database& db, Manifests& manifests, std::int64_t previous_run,
          std::int64_t now);

// Queues the next tick after `delay` unless one is queued already; `previous_run` (epoch ms)
// travels in its payload.
void ScheduleTick(platform::store::Connection& c, std::chrono::seconds delay,
                  std::int64_t previous_run);

}  // namespace vizora::publishing
