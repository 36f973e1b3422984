#include "vizora/scheduling/cron.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "vizora/scheduling/testing/reference_firings.hpp"

namespace vizora::scheduling {
namespace {

using platform::CivilMinute;
using platform::TimeZone;
using testing::kDay;
using testing::kHour;
using testing::kMinute;
using testing::ReferenceFirings;

CronExpression Cron(std::string_view text) {
  auto parsed = CronExpression::Parse(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().message);
  return *parsed;
}

std::int64_t Utc(int y, int mo, int d, int h, int mi) {
  return TimeZone::Utc().FromCivil({y, mo, d, h, mi});
}

TEST(Cron, ParsesTheSyntax) {
  for (const char* good :
       {"* * * * *", "*/15 9-17 * * MON-FRI", "0 0 1 jan,jul *", "5,10-20/5 */2 1-31/2 * 0,7",
        "0 12 * * sun", "  30   8 * * 1-5  ", "59 23 31 12 6", "0 0 29 2 *", "15/10 * * * *",
        "0 0 30,31 2,4 *", "0 0 30 2 1"}) {
    EXPECT_TRUE(CronExpression::Parse(good)) << good;
  }
  for (const char* bad :
       {"", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *",
        "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *", "a * * * *", "1,,2 * * * *",
        "* * * FOO *", "-1 * * * *", "*/100 * * * *", "1- * * * *",
        // Valid fields that never fire together.
        "0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 30-31 feb *"}) {
    auto r = CronExpression::Parse(bad);
    EXPECT_FALSE(r) << "'" << bad << "'";
    if (!r) {
      EXPECT_EQ(r.error().kind.status, 422);
      EXPECT_EQ(r.error().details.at("field"), "cronExpression");
    }
  }
}

TEST(Cron, NextAndPreviousInUtc) {
  const auto utc = TimeZone::Utc();
  const auto weekdays = Cron("0 9 * * MON-FRI");
  // Friday 2026-11-20 09:00 → Monday 2026-11-23 09:00.
  EXPECT_EQ(weekdays.Next(Utc(2026, 11, 20, 9, 0), utc), Utc(2026, 11, 23, 9, 0));
  EXPECT_EQ(weekdays.Next(Utc(2026, 11, 20, 8, 59), utc), Utc(2026, 11, 20, 9, 0));
  EXPECT_EQ(weekdays.Previous(Utc(2026, 11, 22, 12, 0), utc), Utc(2026, 11, 20, 9, 0));
  EXPECT_EQ(weekdays.Previous(Utc(2026, 11, 20, 9, 0), utc), Utc(2026, 11, 20, 9, 0))
      << "at or before";
  EXPECT_EQ(Cron("*/15 * * * *").Next(Utc(2026, 1, 1, 0, 7), utc), Utc(2026, 1, 1, 0, 15));
  EXPECT_EQ(Cron("0 0 29 2 *").Next(Utc(2026, 3, 1, 0, 0), utc), Utc(2028, 2, 29, 0, 0));
  EXPECT_EQ(Cron("0 0 31 12 *").Next(Utc(2026, 12, 31, 0, 0), utc), Utc(2027, 12, 31, 0, 0));
  EXPECT_EQ(Cron("0 12 * * 7").Next(Utc(2026, 11, 20, 0, 0), utc), Utc(2026, 11, 22, 12, 0))
      << "7 is Sunday";
}

TEST(Cron, VixieDaysRule) {
  const auto utc = TimeZone::Utc();
  // Both restricted: the 1st of the month OR a Monday.
  const auto either = Cron("0 0 1 * MON");
  EXPECT_EQ(either.Next(Utc(2026, 11, 24, 0, 0), utc), Utc(2026, 11, 30, 0, 0));  // a Monday
  EXPECT_EQ(either.Next(Utc(2026, 11, 30, 0, 0), utc), Utc(2026, 12, 1, 0, 0));   // the 1st
  // A '*' field (even with a step) leaves the other one alone in charge.
  EXPECT_EQ(Cron("0 0 */1 * MON").Next(Utc(2026, 11, 24, 0, 0), utc), Utc(2026, 11, 30, 0, 0));
  EXPECT_EQ(Cron("0 0 13 * *").Next(Utc(2026, 11, 24, 0, 0), utc), Utc(2026, 12, 13, 0, 0));
}

TEST(Cron, SpringForwardFiresAtTheEndOfTheGap) {
  const auto paris = *TimeZone::Find("Europe/Paris");
  // 2026-03-29: 02:00 → 03:00 in Paris (01:00Z). 02:30 does not exist that day.
  const auto half_past_two = Cron("30 2 * * *");
  const std::int64_t gap_end = Utc(2026, 3, 29, 1, 0);
  EXPECT_EQ(half_past_two.Next(Utc(2026, 3, 28, 12, 0), paris), gap_end);
  EXPECT_EQ(half_past_two.Next(gap_end, paris), Utc(2026, 3, 30, 0, 30)) << "and only once";
  EXPECT_EQ(half_past_two.Previous(gap_end + 5 * kMinute, paris), gap_end);
  // Every quarter hour through the gap: 02:00, 02:15, 02:30, 02:45 all become one firing.
  const auto quarters = Cron("*/15 * * * *");
  EXPECT_EQ(quarters.Next(Utc(2026, 3, 29, 0, 50), paris), gap_end);
  EXPECT_EQ(quarters.Next(gap_end, paris), gap_end + 15 * kMinute);
}

TEST(Cron, FallBackFiresOnce) {
  const auto paris = *TimeZone::Find("Europe/Paris");
  // 2026-10-25: 03:00 → 02:00 in Paris (01:00Z); 02:30 happens at 00:30Z and at 01:30Z.
  const auto half_past_two = Cron("30 2 * * *");
  EXPECT_EQ(half_past_two.Next(Utc(2026, 10, 24, 12, 0), paris), Utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(half_past_two.Next(Utc(2026, 10, 25, 0, 30), paris), Utc(2026, 10, 26, 1, 30))
      << "not again at 01:30Z";
  // From inside the repeated hour's second pass, the last firing is the first pass's.
  EXPECT_EQ(half_past_two.Previous(Utc(2026, 10, 25, 1, 10), paris), Utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(half_past_two.Previous(Utc(2026, 10, 25, 1, 45), paris), Utc(2026, 10, 25, 0, 30));
}

std::string RandomField(std::mt19937& rng, int min, int max) {
  std::uniform_int_distribution<int> kind(0, 5), value(min, max),
      step(2, std::max(2, (max - min) / 2));
  switch (kind(rng)) {
    case 0:
    case 1:
      return "*";
    case 2:
      return "*/" + std::to_string(step(rng));
    case 3: {
      int a = value(rng), b = value(rng);
      if (a > b) std::swap(a, b);
      return std::to_string(a) + "-" + std::to_string(b);
    }
    case 4:
      return std::to_string(value(rng)) + "," + std::to_string(value(rng));
    default:
      return std::to_string(value(rng));
  }
}

TEST(Cron, AgreesWithABruteForceReferenceAroundClockChanges) {
  std::mt19937 rng(20261122);
  const std::vector<std::pair<const char*, std::int64_t>> zones = {
      {"Europe/Paris", Utc(2026, 3, 29, 1, 0)},        {"Europe/Paris", Utc(2026, 10, 25, 1, 0)},
      {"America/New_York", Utc(2026, 3, 8, 7, 0)},     {"America/New_York", Utc(2026, 11, 1, 6, 0)},
      {"Australia/Lord_Howe", Utc(2026, 4, 4, 15, 0)}, {"Asia/Kolkata", Utc(2026, 6, 1, 0, 0)},
      {"America/Sao_Paulo", Utc(2026, 1, 1, 0, 0)},    {"UTC", Utc(2026, 2, 28, 0, 0)}};
  int compared = 0;
  for (int round = 0; round < 400; ++round) {
    const auto& [zone_name, around] = zones[static_cast<std::size_t>(round) % zones.size()];
    const auto zone = *TimeZone::Find(zone_name);
    const std::string text = RandomField(rng, 0, 59) + " " + RandomField(rng, 0, 23) + " " +
                             (round % 3 ? "*" : RandomField(rng, 1, 31)) + " * " +
                             (round % 4 ? "*" : RandomField(rng, 0, 6));
    const auto cron = Cron(text);
    const std::int64_t from = around - 6 * kHour, to = around + 6 * kHour;
    const auto expected = ReferenceFirings(cron, zone, from - kDay, to + kDay);
    std::uniform_int_distribution<std::int64_t> instant(from, to);
    for (int probe = 0; probe < 5; ++probe) {
      const std::int64_t t = instant(rng);
      const auto after = expected.upper_bound(t);
      if (after != expected.end()) {
        EXPECT_EQ(cron.Next(t, zone), *after) << text << " in " << zone_name << " after " << t;
        ++compared;
      }
      auto at_or_before = expected.upper_bound(t);
      if (at_or_before != expected.begin()) {
        --at_or_before;
        EXPECT_EQ(cron.Previous(t, zone), *at_or_before)
            << text << " in " << zone_name << " at or before " << t;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 2000);
}

}  // namespace
}  // namespace vizora::scheduling
