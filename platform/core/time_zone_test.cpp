#include "platform/core/time_zone.hpp"

#include <gtest/gtest.h>

namespace platform {
namespace {

TEST(TimeZone, KnowsIanaNamesAndLinksAndNothingElse) {
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_TRUE(IsKnownTimeZone("Europe/Paris"));
  EXPECT_TRUE(IsKnownTimeZone("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(IsKnownTimeZone("US/Eastern"));  // a link
  EXPECT_FALSE(IsKnownTimeZone(""));
  EXPECT_FALSE(IsKnownTimeZone("Mars/Olympus"));
  EXPECT_FALSE(IsKnownTimeZone("../../etc/passwd"));
  EXPECT_FALSE(IsKnownTimeZone(std::string(200, 'A')));
}

// 2026-03-29T01:00:00Z and 2026-10-25T00:00:00Z, Europe/Paris's changes of that year.
constexpr std::int64_t kSpringForward = 1774746000000;
constexpr std::int64_t kFallBack = 1792886400000;
constexpr std::int64_t kMinute = 60'000, kHour = 3'600'000;

TEST(TimeZone, WallClockBothWays) {
  const auto paris = *TimeZone::Find("Europe/Paris");
  EXPECT_EQ(paris.ToCivil(kSpringForward - kMinute), (CivilMinute{2026, 3, 29, 1, 59}));
  EXPECT_EQ(paris.ToCivil(kSpringForward), (CivilMinute{2026, 3, 29, 3, 0}));
  EXPECT_EQ(paris.FromCivil({2026, 3, 29, 1, 59}), kSpringForward - kMinute);
  EXPECT_EQ(paris.FromCivil({2026, 3, 29, 3, 0}), kSpringForward);
  EXPECT_EQ(TimeZone::Utc().ToCivil(0), (CivilMinute{1970, 1, 1, 0, 0}));
  EXPECT_FALSE(TimeZone::Find("Mars/Olympus"));
}

TEST(TimeZone, OffsetsHoldUntilTheClocksChange) {
  const auto paris = *TimeZone::Find("Europe/Paris");
  const auto winter = paris.OffsetAt(kSpringForward - kMinute);
  EXPECT_EQ(winter.offset_ms, kHour);
  EXPECT_EQ(winter.end_ms, kSpringForward);
  const auto summer = paris.OffsetAt(kSpringForward);
  EXPECT_EQ(summer.offset_ms, 2 * kHour);
  EXPECT_EQ(summer.begin_ms, kSpringForward);
  constexpr std::int64_t kClocksGoBack = 1792890000000;  // 2026-10-25 01:00 UTC
  EXPECT_EQ(summer.end_ms, kClocksGoBack);
  EXPECT_EQ(TimeZone::Find("Asia/Kolkata")->OffsetAt(kFallBack).offset_ms,
            5 * kHour + 30 * kMinute);
  EXPECT_GT(TimeZone::Utc().OffsetAt(0).end_ms, kFallBack);
}

TEST(TimeZone, DatesAreWrittenAsIso8601Days) {
  EXPECT_EQ(FormatCivilDate({2026, 3, 9, 23, 59}), "2026-03-09");
  // 23:30 UTC on 9 March is already the 10th in Tokyo and still the 9th in New York.
  constexpr std::int64_t kLateOnTheNinth = 1773099000000;
  EXPECT_EQ(FormatCivilDate(TimeZone::Find("Asia/Tokyo")->ToCivil(kLateOnTheNinth)), "2026-03-10");
  EXPECT_EQ(FormatCivilDate(TimeZone::Find("America/New_York")->ToCivil(kLateOnTheNinth)),
            "2026-03-09");
}

TEST(TimeZone, AMissingMinuteIsTheEndOfTheGapAndARepeatedOneTheFirst) {
  const auto paris = *TimeZone::Find("Europe/Paris");
  EXPECT_EQ(paris.FromCivil({2026, 3, 29, 2, 30}), kSpringForward) << "02:30 does not exist";
  // 02:30 happens at 00:30Z (summer time) and again at 01:30Z (winter time).
  EXPECT_EQ(paris.ToCivil(kFallBack + 30 * kMinute), (CivilMinute{2026, 10, 25, 2, 30}));
  EXPECT_EQ(paris.ToCivil(kFallBack + kHour + 30 * kMinute), (CivilMinute{2026, 10, 25, 2, 30}));
  EXPECT_EQ(paris.FromCivil({2026, 10, 25, 2, 30}), kFallBack + 30 * kMinute);
}

}  // namespace
}  // namespace platform
