#pragma once

// Cron expressions (API.md "Scheduling"): five fields, minute hour day-of-month month
// day-of-week, with lists, ranges, steps, month and day names (JAN, MON), 7 as Sunday, and
// Vixie cron's rule for days: when both day fields are restricted, a day matches either;
// otherwise it must match both (a field that starts with '*' is unrestricted).
//
// Firings are wall-clock minutes in the schedule's IANA zone, found by field arithmetic
// (month, then day, then hour, then minute), never by scanning minute by minute. DST: a
// minute that does not exist (spring forward) fires at the first instant after the gap; a
// minute that happens twice (fall back) fires once, at its first occurrence.

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/error.hpp"
#include "platform/core/time_zone.hpp"

namespace vizora::scheduling {

class CronExpression {
 public:
  // 422 VALIDATION_002 with details.reason for anything that is not a valid expression, or
  // that can never fire (30 February, 31 April).
  static platform::Result<CronExpression> Parse(std::string_view text);

  // The first firing strictly after `after_ms` (UTC ms), or nullopt when there is none in
  // the next 30 years.
  std::optional<std::int64_t> Next(std::int64_t after_ms, const platform::TimeZone& zone) const;
  // The last firing at or before `at_ms`, or nullopt when there is none in the last 30 years.
  std::optional<std::int64_t> Previous(std::int64_t at_ms, const platform::TimeZone& zone) const;

  // Whether this wall-clock minute is one of the expression's (ignoring DST).
  bool Matches(const platform::CivilMinute& minute) const;

 private:
  bool DayMatches(int year, int month, int day) const;
  // Whether some listed month has some listed day of the month, in a leap year.
  bool SomeListedDayExists() const;

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1..31
  std::bitset<13> months_;   // 1..12
  std::bitset<7> weekdays_;  // 0 = Sunday
  bool days_star_ = false, weekdays_star_ = false;
};

}  // namespace vizora::scheduling
