#pragma once

// Schedules: a playlist on screens at cron-defined times (API.md "Scheduling").

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vizora::scheduling {

inline constexpr std::size_t kMaxNameBytes = 255;
inline constexpr std::size_t kMaxDescriptionBytes = 2000;
inline constexpr std::size_t kMaxCronBytes = 200;
inline constexpr std::size_t kMaxTargets = 10'000;
inline constexpr std::int64_t kMaxDurationMinutes = 366 * 24 * 60;
inline constexpr std::int64_t kMinPriority = 0, kMaxPriority = 100;

struct Schedule {
  std::string id, organization_id, name, description, playlist_id, cron_expression, timezone;
  std::optional<std::int64_t> duration_minutes;
  std::optional<std::int64_t> start_date, end_date;  // epoch ms
  std::int64_t priority = 0;
  bool is_active = true, allow_override = true;
  std::vector<std::string> device_ids, group_ids;
  std::optional<std::int64_t> last_executed_at;
  std::int64_t execution_count = 0;
  std::optional<std::string> created_by;
  std::int64_t created_at = 0, updated_at = 0;
};

// The next firing that counts (active, within the dates), or nullopt.
std::optional<std::int64_t> NextExecution(const Schedule& schedule, std::int64_t now);

// API.md's schedule, with nextExecutionAt as of `now`.
boost::json::object ToJson(const Schedule& schedule, std::int64_t now);

}  // namespace vizora::scheduling
