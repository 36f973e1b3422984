#include "vizora/scheduling/resolver.hpp"

#include <algorithm>
#include <vector>

namespace vizora::scheduling {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;

// When the schedule's current window started, if it is active at `at`.
std::optional<std::int64_t> ActiveSince(const ScheduleRule& s, std::int64_t at) {
  if (!s.active || (s.end && at >= *s.end)) return std::nullopt;
  const auto fired = s.cron.Previous(at, s.zone);
  if (!fired || (s.start && *fired < *s.start)) return std::nullopt;
  if (s.duration_ms && at >= *fired + *s.duration_ms) return std::nullopt;
  return fired;
}

bool PublishActive(const PublishRule& p, std::int64_t at) {
  return p.starts_at <= at && (!p.until || at < *p.until);
}

// Higher priority first, then the most recent start, then the smaller id.
bool Outranks(const ScheduleRule& a, std::int64_t a_since, const ScheduleRule& b,
              std::int64_t b_since) {
  if (a.priority != b.priority) return a.priority > b.priority;
  if (a_since != b_since) return a_since > b_since;
  return a.id < b.id;
}

// The decision once the winning schedule (if any) is known.
Decision Decide(const DeviceRules& rules, const ScheduleRule* winner, std::int64_t at) {
  const PublishRule* publish = nullptr;
  for (const auto& p : rules.publishes) {
    if (!PublishActive(p, at)) continue;
    if (publish == nullptr || p.starts_at > publish->starts_at ||
        (p.starts_at == publish->starts_at && p.id > publish->id)) {
      publish = &p;
    }
  }
  if (publish != nullptr && (winner == nullptr || winner->allow_override)) {
    return {Source::kInstant, publish->playlist_id, publish->id};
  }
  if (winner != nullptr) return {Source::kSchedule, winner->playlist_id, winner->id};
  if (rules.default_playlist) return {Source::kDefault, *rules.default_playlist, ""};
  return {};
}

// One schedule's firings over a range, walked in step with the timeline's change points.
struct Track {
  const ScheduleRule* rule;
  std::vector<std::int64_t> firings;  // sorted; the first may be before the range
  std::size_t next = 0;
  std::optional<std::int64_t> since;  // the latest firing at or before the current point

  std::optional<std::int64_t> ActiveAt(std::int64_t at) {
    while (next < firings.size() && firings[next] <= at) since = firings[next++];
    if (!since || (rule->start && *since < *rule->start) || (rule->end && at >= *rule->end)) {
      return std::nullopt;
    }
    if (rule->duration_ms && at >= *since + *rule->duration_ms) return std::nullopt;
    return since;
  }
};

}  // namespace

std::string_view SourceName(Source source) {
  switch (source) {
    case Source::kInstant:
      return "instant";
    case Source::kSchedule:
      return "schedule";
    case Source::kDefault:
      return "default";
    case Source::kIdle:
      break;
  }
  return "idle";
}

std::optional<ScheduleRule> RuleOf(const Schedule& s) {
  auto cron = CronExpression::Parse(s.cron_expression);
  auto zone = platform::TimeZone::Find(s.timezone);
  if (!cron || !zone) return std::nullopt;
  ScheduleRule rule{.id = s.id,
                    .playlist_id = s.playlist_id,
                    .cron = std::move(*cron),
                    .zone = *zone,
                    .start = s.start_date,
                    .end = s.end_date,
                    .priority = s.priority,
                    .active = s.is_active,
                    .allow_override = s.allow_override};
  if (s.duration_minutes) rule.duration_ms = *s.duration_minutes * kMinuteMs;
  return rule;
}

Decision Resolve(const DeviceRules& rules, std::int64_t at) {
  const ScheduleRule* winner = nullptr;
  std::int64_t winner_since = 0;
  for (const auto& s : rules.schedules) {
    const auto since = ActiveSince(s, at);
    if (since && (winner == nullptr || Outranks(s, *since, *winner, winner_since))) {
      winner = &s, winner_since = *since;
    }
  }
  return Decide(rules, winner, at);
}

std::vector<Segment> Timeline(const DeviceRules& rules, std::int64_t from, std::int64_t to) {
  // The decision can only change where a rule starts or stops applying: firings, the ends of
  // duration windows, start and end dates, publish starts and ends. Each schedule's firings
  // are found once (field arithmetic) and then walked in step with those points, so a point
  // costs one comparison per schedule.
  std::vector<std::int64_t> points{from};
  auto add = [&](std::int64_t t) {
    if (t > from && t < to) points.push_back(t);
  };
  std::vector<Track> tracks;
  for (const auto& s : rules.schedules) {
    if (!s.active) continue;
    Track track{.rule = &s};
    if (auto before = s.cron.Previous(from, s.zone)) track.firings.push_back(*before);
    std::int64_t cursor = from;
    while (const auto fired = s.cron.Next(cursor, s.zone)) {
      if (*fired >= to) break;
      track.firings.push_back(*fired);
      add(*fired);
      if (s.duration_ms) add(*fired + *s.duration_ms);
      cursor = *fired;
    }
    if (s.duration_ms && !track.firings.empty()) add(track.firings.front() + *s.duration_ms);
    if (s.start) add(*s.start);
    if (s.end) add(*s.end);
    tracks.push_back(std::move(track));
  }
  for (const auto& p : rules.publishes) {
    add(p.starts_at);
    if (p.until) add(*p.until);
  }
  // Highest priority first: at a point, tracks below the winner's priority need no look (a
  // track's cursor catches up whenever it is next asked).
  std::stable_sort(tracks.begin(), tracks.end(), [](const Track& a, const Track& b) {
    return a.rule->priority > b.rule->priority;
  });
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());

  std::vector<Segment> out;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::int64_t at = points[i];
    const ScheduleRule* winner = nullptr;
    std::int64_t winner_since = 0;
    for (auto& track : tracks) {
      if (winner != nullptr && track.rule->priority < winner->priority) break;
      const auto since = track.ActiveAt(at);
      if (since && (winner == nullptr || Outranks(*track.rule, *since, *winner, winner_since))) {
        winner = track.rule, winner_since = *since;
      }
    }
    Decision d = Decide(rules, winner, at);
    const std::int64_t end = i + 1 < points.size() ? points[i + 1] : to;
    if (!out.empty() && out.back().decision == d) {
      out.back().end = end;
    } else {
      out.push_back({at, end, std::move(d)});
    }
  }
  return out;
}

}  // namespace vizora::scheduling
