#include "vizora/scheduling/resolver.hpp"

#include <algorithm>
#include <set>

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
    if (!since) continue;
    const bool better =
        winner == nullptr || s.priority > winner->priority ||
        (s.priority == winner->priority &&
         (*since > winner_since || (*since == winner_since && s.id < winner->id)));
    if (better) winner = &s, winner_since = *since;
  }
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

std::vector<Segment> Timeline(const DeviceRules& rules, std::int64_t from, std::int64_t to) {
  // The decision can only change where a rule starts or stops applying: firings, the ends of
  // duration windows, start and end dates, publish starts and ends.
  std::set<std::int64_t> points{from};
  auto add = [&](std::int64_t t) {
    if (t > from && t < to) points.insert(t);
  };
  for (const auto& s : rules.schedules) {
    if (!s.active) continue;
    if (s.start) add(*s.start);
    if (s.end) add(*s.end);
    // Firings from one window before `from` (its end may fall inside) up to `to`.
    std::int64_t cursor = from - 1;
    if (s.duration_ms) cursor = from - *s.duration_ms - 1;
    while (const auto fired = s.cron.Next(cursor, s.zone)) {
      if (*fired >= to) break;
      add(*fired);
      if (s.duration_ms) add(*fired + *s.duration_ms);
      cursor = *fired;
    }
  }
  for (const auto& p : rules.publishes) {
    add(p.starts_at);
    if (p.until) add(*p.until);
  }
  std::vector<Segment> out;
  const std::vector<std::int64_t> starts(points.begin(), points.end());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::int64_t end = i + 1 < starts.size() ? starts[i + 1] : to;
    Decision d = Resolve(rules, starts[i]);
    if (!out.empty() && out.back().decision == d) {
      out.back().end = end;
    } else {
      out.push_back({starts[i], end, std::move(d)});
    }
  }
  return out;
}

}  // namespace vizora::scheduling
