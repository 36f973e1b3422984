// The timeline of one screen over 48 h (issue 6: < 1 ms with 100 schedules): what the server
// computes for every affected screen when anything that decides screens changes.

#include <benchmark/benchmark.h>

#include <random>

#include "vizora/scheduling/resolver.hpp"

namespace {

using vizora::scheduling::CronExpression;
using vizora::scheduling::DeviceRules;
using vizora::scheduling::ScheduleRule;

// A realistic mix: day parts, hourly rotations, weekday/weekend programmes, in several zones,
// some with windows, some until superseded.
DeviceRules HundredSchedules() {
  std::mt19937 rng(100);
  const char* zones[] = {"Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC"};
  const char* crons[] = {"0 7 * * MON-FRI", "30 11 * * *", "0 */2 * * *",     "15 18 * * 1-5",
                         "0 9 * * SAT,SUN", "0 0 1 * *",   "*/30 8-20 * * *", "0 22 * * *"};
  std::uniform_int_distribution<int> pick(0, 7), zone(0, 3), priority(0, 100), minutes(15, 240);
  DeviceRules rules;
  rules.default_playlist = "default";
  for (int i = 0; i < 100; ++i) {
    ScheduleRule r{.id = "s" + std::to_string(i),
                   .playlist_id = "p" + std::to_string(i),
                   .cron = *CronExpression::Parse(crons[pick(rng)]),
                   .zone = *platform::TimeZone::Find(zones[zone(rng)]),
                   .priority = priority(rng)};
    if (i % 2) r.duration_ms = std::int64_t{minutes(rng)} * 60'000;
    rules.schedules.push_back(std::move(r));
  }
  return rules;
}

void Timeline48hWith100Schedules(benchmark::State& state) {
  const DeviceRules rules = HundredSchedules();
  const std::int64_t from = 1795000000000;  // 2026-11-18
  std::size_t segments = 0;
  for (auto _ : state) {
    auto timeline = vizora::scheduling::Timeline(rules, from, from + 48 * 3'600'000LL);
    segments = timeline.size();
    benchmark::DoNotOptimize(timeline);
  }
  state.counters["segments"] = static_cast<double>(segments);
}
BENCHMARK(Timeline48hWith100Schedules)->Unit(benchmark::kMicrosecond);

}  // namespace
