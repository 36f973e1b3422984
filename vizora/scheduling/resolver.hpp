#pragma once

// What a screen shows (DESIGN.md §4 "What a screen shows"): one pure function of a device's
// rules and an instant, and the timeline it gives over a range. No I/O, no clock: the same
// rules and instant always give the same answer, on the server and in tests.
//
// Order: an unexpired instant publish (unless the winning schedule forbids override) > the
// highest-priority active schedule (ties: the most recent start, then the smaller id) > the
// device's default playlist > idle. A schedule is active from a firing (at or after its
// startDate) for durationMinutes, or without a duration from then on (it lasts until a
// higher-priority or more recent one supersedes it; each firing renews its start), never at
// or after its endDate, and only when isActive.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/time_zone.hpp"
#include "vizora/scheduling/cron.hpp"
#include "vizora/scheduling/model.hpp"

namespace vizora::scheduling {

enum class Source { kInstant, kSchedule, kDefault, kIdle };
std::string_view SourceName(Source source);  // instant | schedule | default | idle

struct ScheduleRule {
  std::string id, playlist_id;
  CronExpression cron;
  platform::TimeZone zone = platform::TimeZone::Utc();
  std::optional<std::int64_t> duration_ms, start, end;
  std::int64_t priority = 0;
  bool active = true, allow_override = true;
};

struct PublishRule {
  std::string id, playlist_id;
  std::int64_t starts_at = 0;
  std::optional<std::int64_t> until;  // the earlier of expiresAt and when it was ended
};

// Everything that decides one device's screen.
struct DeviceRules {
  std::vector<ScheduleRule> schedules;
  std::vector<PublishRule> publishes;
  std::optional<std::string> default_playlist;
};

struct Decision {
  Source source = Source::kIdle;
  std::string playlist_id, source_id;  // empty when idle
  friend bool operator==(const Decision&, const Decision&) = default;
};

struct Segment {
  std::int64_t start = 0, end = 0;  // [start, end), epoch ms
  Decision decision;
};

// A rule from a stored schedule (nullopt if its cron or zone no longer parse).
std::optional<ScheduleRule> RuleOf(const Schedule& schedule);

Decision Resolve(const DeviceRules& rules, std::int64_t at);

// Consecutive segments covering [from, to), each with one decision, adjacent equal ones merged.
std::vector<Segment> Timeline(const DeviceRules& rules, std::int64_t from, std::int64_t to);

}  // namespace vizora::scheduling
