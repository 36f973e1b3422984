#include "vizora/scheduling/resolver.hpp"

#include <gtest/gtest.h>

#include <random>

#include "vizora/scheduling/testing/reference_firings.hpp"

namespace vizora::scheduling {
namespace {

using platform::TimeZone;
using testing::kDay;
using testing::kHour;
using testing::kMinute;

std::int64_t Utc(int y, int mo, int d, int h, int mi) {
  return TimeZone::Utc().FromCivil({y, mo, d, h, mi});
}

ScheduleRule Rule(std::string id, std::string playlist, std::string_view cron,
                  std::int64_t priority, std::optional<std::int64_t> minutes = std::nullopt,
                  std::string_view zone = "UTC") {
  ScheduleRule r{.id = std::move(id),
                 .playlist_id = std::move(playlist),
                 .cron = *CronExpression::Parse(cron),
                 .zone = *TimeZone::Find(zone),
                 .priority = priority};
  if (minutes) r.duration_ms = *minutes * kMinute;
  return r;
}

TEST(Resolver, TheOrderOfPrecedence) {
  DeviceRules rules;
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 9, 30)), Decision{}) << "idle";
  rules.default_playlist = "default";
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 9, 30)).source, Source::kDefault);
  // Breakfast 07:00-10:00, and a low-priority all-day one.
  rules.schedules.push_back(Rule("s-breakfast", "breakfast", "0 7 * * *", 50, 180));
  rules.schedules.push_back(Rule("s-all-day", "all-day", "0 0 * * *", 10));
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 9, 30)),
            (Decision{Source::kSchedule, "breakfast", "s-breakfast"}));
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 10, 0)).playlist_id, "all-day") << "window over";
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 6, 59)).playlist_id, "all-day");
  // An instant publish beats them, until it ends.
  rules.publishes.push_back({"p1", "news", Utc(2026, 11, 23, 9, 0), Utc(2026, 11, 23, 9, 45)});
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 9, 30)), (Decision{Source::kInstant, "news", "p1"}));
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 9, 45)).playlist_id, "breakfast");
  // ...unless the winning schedule forbids override.
  rules.schedules[0].allow_override = false;
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 9, 30)).playlist_id, "breakfast");
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 6, 30)).playlist_id, "all-day")
      << "before the publish starts";
}

TEST(Resolver, TiesGoToTheMostRecentStart) {
  DeviceRules rules;
  rules.schedules.push_back(Rule("a", "morning", "0 6 * * *", 20));
  rules.schedules.push_back(Rule("b", "noon", "0 12 * * *", 20));
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 8, 0)).playlist_id, "morning");
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 23, 13, 0)).playlist_id, "noon");
  EXPECT_EQ(Resolve(rules, Utc(2026, 11, 24, 3, 0)).playlist_id, "noon") << "until superseded";
}

TEST(Resolver, DatesAndInactiveSchedules) {
  DeviceRules rules;
  auto s = Rule("s", "sale", "0 * * * *", 30);
  s.start = Utc(2026, 12, 1, 0, 30);
  s.end = Utc(2026, 12, 3, 0, 0);
  rules.schedules.push_back(s);
  EXPECT_EQ(Resolve(rules, Utc(2026, 12, 1, 0, 45)).source, Source::kIdle)
      << "the firing before the start date does not count";
  EXPECT_EQ(Resolve(rules, Utc(2026, 12, 1, 1, 0)).playlist_id, "sale");
  EXPECT_EQ(Resolve(rules, Utc(2026, 12, 3, 0, 0)).source, Source::kIdle) << "ended";
  rules.schedules[0].active = false;
  EXPECT_EQ(Resolve(rules, Utc(2026, 12, 2, 0, 0)).source, Source::kIdle);
}

TEST(Resolver, ATimelineOnADstDay) {
  // Paris springs forward on 2026-03-29 at 02:00: a 02:30 show starts at 03:00 (01:00Z).
  DeviceRules rules;
  rules.default_playlist = "default";
  rules.schedules.push_back(Rule("night", "night", "30 2 * * *", 10, 60, "Europe/Paris"));
  const auto segments = Timeline(rules, Utc(2026, 3, 28, 23, 0), Utc(2026, 3, 29, 23, 0));
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0].decision.source, Source::kDefault);
  EXPECT_EQ(segments[1].start, Utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(segments[1].end, Utc(2026, 3, 29, 2, 0));
  EXPECT_EQ(segments[1].decision.playlist_id, "night");
  EXPECT_EQ(segments[2].end, Utc(2026, 3, 29, 23, 0));
}

// The reference: each schedule's latest firing found from the slow firing list, and the rules
// of precedence written out plainly.
Decision ReferenceResolve(const DeviceRules& rules, std::int64_t at) {
  struct Active {
    const ScheduleRule* rule;
    std::int64_t since;
  };
  std::vector<Active> active;
  for (const auto& s : rules.schedules) {
    if (!s.active || (s.end && at >= *s.end)) continue;
    const auto latest = testing::ReferenceLatestFiring(s.cron, s.zone, at, 4 * kDay);
    if (!latest) continue;
    const std::int64_t fired = *latest;
    if (s.start && fired < *s.start) continue;
    if (s.duration_ms && at >= fired + *s.duration_ms) continue;
    active.push_back({&s, fired});
  }
  std::sort(active.begin(), active.end(), [](const Active& x, const Active& y) {
    if (x.rule->priority != y.rule->priority) return x.rule->priority > y.rule->priority;
    if (x.since != y.since) return x.since > y.since;
    return x.rule->id < y.rule->id;
  });
  std::vector<const PublishRule*> live;
  for (const auto& p : rules.publishes) {
    if (p.starts_at <= at && (!p.until || at < *p.until)) live.push_back(&p);
  }
  std::sort(live.begin(), live.end(), [](const PublishRule* x, const PublishRule* y) {
    return x->starts_at != y->starts_at ? x->starts_at > y->starts_at : x->id > y->id;
  });
  if (!live.empty() && (active.empty() || active[0].rule->allow_override)) {
    return {Source::kInstant, live[0]->playlist_id, live[0]->id};
  }
  if (!active.empty()) return {Source::kSchedule, active[0].rule->playlist_id, active[0].rule->id};
  if (rules.default_playlist) return {Source::kDefault, *rules.default_playlist, ""};
  return {};
}

DeviceRules RandomRules(std::mt19937& rng, std::int64_t around) {
  const std::vector<const char*> zones = {"UTC", "Europe/Paris", "America/New_York",
                                          "Australia/Lord_Howe", "Asia/Kolkata"};
  std::uniform_int_distribution<int> count(0, 6), minute(0, 59), hour(0, 23), priority(0, 3),
      coin(0, 1), zone(0, static_cast<int>(zones.size()) - 1), duration(5, 600);
  DeviceRules rules;
  const int n = count(rng);
  for (int i = 0; i < n; ++i) {
    // Firing at least every three days (the reference looks four days back).
    std::string hours =
        coin(rng) ? "*" : std::to_string(hour(rng)) + "," + std::to_string(hour(rng));
    std::string days = coin(rng) ? "*" : "MON-FRI";
    auto r = Rule("s" + std::to_string(i), "p" + std::to_string(i),
                  std::to_string(minute(rng)) + " " + hours + " * * " + days, priority(rng),
                  coin(rng) ? std::optional<std::int64_t>(duration(rng)) : std::nullopt,
                  zones[static_cast<std::size_t>(zone(rng))]);
    r.allow_override = coin(rng);
    if (coin(rng) && coin(rng)) r.start = around - duration(rng) * kMinute;
    if (coin(rng) && coin(rng)) r.end = around + duration(rng) * kMinute;
    if (!coin(rng) && !coin(rng) && !coin(rng)) r.active = false;
    rules.schedules.push_back(std::move(r));
  }
  const int publishes = coin(rng) ? count(rng) / 2 : 0;
  for (int i = 0; i < publishes; ++i) {
    const std::int64_t start = around + (duration(rng) - 300) * kMinute;
    rules.publishes.push_back(
        {"i" + std::to_string(i), "ip" + std::to_string(i), start,
         coin(rng) ? std::optional<std::int64_t>(start + duration(rng) * kMinute) : std::nullopt});
  }
  if (coin(rng)) rules.default_playlist = "default";
  return rules;
}

TEST(Resolver, AgreesWithABruteForceReferenceOnRandomSchedules) {
  std::mt19937 rng(42);
  // Around clock changes in Paris, New York and Lord Howe, and an ordinary day.
  const std::vector<std::int64_t> days = {Utc(2026, 3, 29, 1, 0), Utc(2026, 11, 1, 6, 0),
                                          Utc(2026, 4, 4, 15, 0), Utc(2026, 7, 15, 12, 0)};
  int checked = 0;
  int schedules = 0;
  for (int round = 0; round < 1000; ++round) {
    const std::int64_t around = days[static_cast<std::size_t>(round) % days.size()];
    const DeviceRules rules = RandomRules(rng, around);
    schedules += static_cast<int>(rules.schedules.size());
    std::uniform_int_distribution<std::int64_t> instant(around - 12 * kHour, around + 12 * kHour);
    for (int probe = 0; probe < 4; ++probe) {
      const std::int64_t at = instant(rng);
      ASSERT_EQ(Resolve(rules, at), ReferenceResolve(rules, at))
          << "round " << round << " at " << at;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4000);
  EXPECT_GT(schedules, 2500);
}

TEST(Resolver, TheTimelineMatchesResolveAtEveryMinute) {
  std::mt19937 rng(7);
  for (int round = 0; round < 40; ++round) {
    const std::int64_t from = Utc(2026, 10, 24, 12, 0) + round * 37 * kMinute;
    const DeviceRules rules = RandomRules(rng, from + 24 * kHour);
    const auto segments = Timeline(rules, from, from + 48 * kHour);
    ASSERT_FALSE(segments.empty());
    EXPECT_EQ(segments.front().start, from);
    EXPECT_EQ(segments.back().end, from + 48 * kHour);
    std::size_t i = 0;
    for (std::int64_t t = from; t < from + 48 * kHour; t += kMinute) {
      while (segments[i].end <= t) ++i;
      ASSERT_EQ(segments[i].decision, Resolve(rules, t)) << "round " << round << " minute " << t;
    }
    for (std::size_t k = 1; k < segments.size(); ++k) {
      EXPECT_EQ(segments[k].start, segments[k - 1].end);
      EXPECT_FALSE(segments[k].decision == segments[k - 1].decision) << "merged";
    }
  }
}

}  // namespace
}  // namespace vizora::scheduling
