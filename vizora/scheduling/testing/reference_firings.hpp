#pragma once

// Test-only: cron firings found the slow way, to check the fast ones against.

#include <cstdint>
#include <optional>
#include <set>

#include "platform/core/time_zone.hpp"
#include "vizora/scheduling/cron.hpp"

namespace vizora::scheduling::testing {

using platform::CivilMinute;
using platform::TimeZone;
inline constexpr std::int64_t kMinute = 60'000, kHour = 60 * kMinute, kDay = 24 * kHour;

// The reference: every wall-clock minute from a day before, mapped to its instant, no field
// arithmetic. Slow and obviously right.
inline std::set<std::int64_t> ReferenceFirings(const CronExpression& cron, const TimeZone& zone,
                                               std::int64_t from, std::int64_t to) {
  std::set<std::int64_t> out;
  const std::int64_t start = from - kDay;
  for (std::int64_t t = start - start % kMinute; t <= to + kDay; t += kMinute) {
    // Each wall minute once: walk UTC minutes, take their wall minute, map it back.
    const CivilMinute wall = zone.ToCivil(t);
    if (!cron.Matches(wall)) continue;
    const std::int64_t fired = zone.FromCivil(wall);
    if (fired >= from && fired <= to) out.insert(fired);
  }
  // Wall minutes skipped by a gap are never "walked": add them.
  auto key = [](const CivilMinute& m) {
    return ((((std::int64_t{m.year} * 13 + m.month) * 32 + m.day) * 24 + m.hour) * 60) + m.minute;
  };
  for (std::int64_t t = start - start % kMinute; t <= to + kDay; t += kMinute) {
    const CivilMinute a = zone.ToCivil(t), b = zone.ToCivil(t + kMinute);
    if (key(b) <= key(a) + 1) continue;  // the next minute, or clocks going back
    // A gap: the wall minutes after a and before b do not exist.
    CivilMinute m = a;
    for (int i = 0; i < 180; ++i) {
      m.minute += 1;
      if (m.minute > 59) m.minute = 0, m.hour += 1;
      if (m.hour > 23 || key(m) >= key(b)) break;
      if (cron.Matches(m)) {
        const std::int64_t fired = zone.FromCivil(m);
        if (fired >= from && fired <= to) out.insert(fired);
      }
    }
  }
  return out;
}

// The latest firing at or before `at`, walking back minute by minute (at most `limit`).
inline std::optional<std::int64_t> ReferenceLatestFiring(const CronExpression& cron,
                                                         const TimeZone& zone, std::int64_t at,
                                                         std::int64_t limit) {
  auto key = [](const CivilMinute& m) {
    return ((((std::int64_t{m.year} * 13 + m.month) * 32 + m.day) * 24 + m.hour) * 60) + m.minute;
  };
  for (std::int64_t m = at - ((at % kMinute) + kMinute) % kMinute; m >= at - limit; m -= kMinute) {
    const CivilMinute wall = zone.ToCivil(m);
    if (cron.Matches(wall) && zone.FromCivil(wall) <= at) return zone.FromCivil(wall);
    // Wall minutes between the previous minute's wall and this one did not exist: they fire
    // at this instant, the end of the gap.
    const CivilMinute before = zone.ToCivil(m - kMinute);
    if (key(wall) > key(before) + 1) {
      CivilMinute g = before;
      for (int i = 0; i < 180; ++i) {
        g.minute += 1;
        if (g.minute > 59) g.minute = 0, g.hour += 1;
        if (g.hour > 23 || key(g) >= key(wall)) break;
        if (cron.Matches(g)) return m;
      }
    }
  }
  return std::nullopt;
}

}  // namespace vizora::scheduling::testing
