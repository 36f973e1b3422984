#include "vizora/scheduling/cron.hpp"

#include <date/date.h>

#include <array>
#include <charconv>
#include <vector>

namespace vizora::scheduling {

using platform::CivilMinute;
using platform::Error;

namespace {

constexpr int kSearchYears = 30;
// More than any clock change (2 h is the most the tz database has).
constexpr std::int64_t kLookBackMs = 3 * 3'600'000;

Error Invalid(std::string reason) {
  return Error(platform::errors::kUnprocessable, "cronExpression: " + reason,
               {{"field", "cronExpression"}, {"reason", reason}});
}

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED",
                                                       "THU", "FRI", "SAT"};

struct FieldSpec {
  const char* name;
  int min, max;
  const std::string_view* names;  // first name is `min`
  std::size_t name_count;
};

std::optional<int> Value(std::string_view text, const FieldSpec& spec) {
  if (spec.names != nullptr && text.size() == 3) {
    std::string upper(text);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < spec.name_count; ++i) {
      if (spec.names[i] == upper) return spec.min + static_cast<int>(i);
    }
  }
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// One field ("*/15", "1-5", "MON-FRI", "0,30") into `bits` (index = value). `max_value` may
// exceed spec.max for day-of-week's 7 (Sunday), folded by the caller.
template <std::size_t N>
platform::Result<std::bitset<N>> ParseField(std::string_view text, const FieldSpec& spec,
                                            int max_value) {
  std::bitset<N> bits;
  if (text.empty()) return Invalid(std::string(spec.name) + " is empty");
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) return Invalid(std::string(spec.name) + " has an empty list item");
    int step = 1;
    if (const auto slash = item.find('/'); slash != std::string_view::npos) {
      const std::string_view step_text = item.substr(slash + 1);
      const auto [end, ec] =
          std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (ec != std::errc() || end != step_text.data() + step_text.size() || step < 1 ||
          step > max_value) {
        return Invalid(std::string(spec.name) + " has a bad step '" + std::string(step_text) + "'");
      }
      item = item.substr(0, slash);
    }
    int low = spec.min, high = max_value;
    if (item != "*") {
      const auto dash = item.find('-');
      const auto first = Value(item.substr(0, dash), spec);
      if (!first)
        return Invalid(std::string(spec.name) + " has a bad value '" + std::string(item) + "'");
      low = high = *first;
      if (dash != std::string_view::npos) {
        const auto last = Value(item.substr(dash + 1), spec);
        if (!last)
          return Invalid(std::string(spec.name) + " has a bad range '" + std::string(item) + "'");
        high = *last;
      } else if (step > 1) {
        high = max_value;  // "5/15" means 5-max/15
      }
      if (low < spec.min || high > max_value || low > high) {
        return Invalid(std::string(spec.name) + " must be within " + std::to_string(spec.min) +
                       "-" + std::to_string(spec.max) + " (got '" + std::string(item) + "')");
      }
    }
    for (int v = low; v <= high; v += step) bits.set(static_cast<std::size_t>(v));
  }
  return bits;
}

int DaysIn(int year, int month) {
  return static_cast<int>(static_cast<unsigned>(
      (date::year{year} / date::month{static_cast<unsigned>(month)} / date::last).day()));
}

int WeekdayOf(int year, int month, int day) {
  return static_cast<int>(
      date::weekday{date::sys_days{date::year{year} / month / day}}.c_encoding());
}

}  // namespace

platform::Result<CronExpression> CronExpression::Parse(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  if (fields.size() != 5) {
    return Invalid("five fields are needed (minute hour day-of-month month day-of-week), got " +
                   std::to_string(fields.size()));
  }
  static const FieldSpec kMinute{"minute", 0, 59, nullptr, 0};
  static const FieldSpec kHour{"hour", 0, 23, nullptr, 0};
  static const FieldSpec kDay{"day-of-month", 1, 31, nullptr, 0};
  static const FieldSpec kMonth{"month", 1, 12, kMonthNames.data(), kMonthNames.size()};
  static const FieldSpec kWeekday{"day-of-week", 0, 7, kDayNames.data(), kDayNames.size()};
  CronExpression cron;
  RESULT_TRY(minutes, ParseField<60>(fields[0], kMinute, 59));
  RESULT_TRY(hours, ParseField<24>(fields[1], kHour, 23));
  RESULT_TRY(days, ParseField<32>(fields[2], kDay, 31));
  RESULT_TRY(months, ParseField<13>(fields[3], kMonth, 12));
  RESULT_TRY(weekdays, ParseField<8>(fields[4], kWeekday, 7));
  cron.minutes_ = *minutes;
  cron.hours_ = *hours;
  cron.days_ = *days;
  cron.months_ = *months;
  for (int d = 0; d < 7; ++d) cron.weekdays_[d] = (*weekdays)[d];
  if ((*weekdays)[7]) cron.weekdays_.set(0);  // 7 is Sunday too
  cron.days_star_ = fields[2].front() == '*';
  cron.weekdays_star_ = fields[4].front() == '*';
  // A schedule that never fires is a mistake, refused now rather than saved and never played:
  // only the days of the month alone can do that (a listed weekday comes every month).
  if (!cron.days_star_ && cron.weekdays_star_ && !cron.SomeListedDayExists()) {
    return Invalid("no listed month has a listed day of the month (" + std::string(fields[2]) +
                   " of " + std::string(fields[3]) + "), so it would never fire");
  }
  return cron;
}

bool CronExpression::SomeListedDayExists() const {
  for (int month = 1; month <= 12; ++month) {
    if (!months_[static_cast<std::size_t>(month)]) continue;
    // 2028 is a leap year: 29 February counts, as it comes every four years.
    for (int day = 1; day <= DaysIn(2028, month); ++day) {
      if (days_[static_cast<std::size_t>(day)]) return true;
    }
  }
  return false;
}

bool CronExpression::DayMatches(int year, int month, int day) const {
  const bool by_day = days_[static_cast<std::size_t>(day)];
  const bool by_weekday = weekdays_[static_cast<std::size_t>(WeekdayOf(year, month, day))];
  if (!days_star_ && !weekdays_star_) return by_day || by_weekday;  // Vixie cron
  return by_day && by_weekday;
}

bool CronExpression::Matches(const CivilMinute& m) const {
  return months_[static_cast<std::size_t>(m.month)] && DayMatches(m.year, m.month, m.day) &&
         hours_[static_cast<std::size_t>(m.hour)] && minutes_[static_cast<std::size_t>(m.minute)];
}

std::optional<std::int64_t> CronExpression::Next(std::int64_t after_ms,
                                                 const platform::TimeZone& zone) const {
  // Start at the wall-clock minute after `after` and move forward field by field. A wall
  // minute maps to an instant that may not be after `after` (a repeated or missing hour):
  // such candidates are skipped, which is what makes a repeated minute fire once.
  CivilMinute c = zone.ToCivil(after_ms);
  c.minute += 1;
  const int last_year = c.year + kSearchYears;
  auto carry_minute = [&] {
    if (c.minute > 59) c.minute = 0, c.hour += 1;
    if (c.hour > 23) c.hour = 0, c.day += 1;
    if (c.day > DaysIn(c.year, c.month)) c.day = 1, c.month += 1;
    if (c.month > 12) c.month = 1, c.year += 1;
  };
  carry_minute();
  while (c.year <= last_year) {
    if (!months_[static_cast<std::size_t>(c.month)]) {
      c.month += 1, c.day = 1, c.hour = 0, c.minute = 0;
      carry_minute();
      continue;
    }
    if (!DayMatches(c.year, c.month, c.day)) {
      c.day += 1, c.hour = 0, c.minute = 0;
      carry_minute();
      continue;
    }
    if (!hours_[static_cast<std::size_t>(c.hour)]) {
      // Straight to the next listed hour (or past the day).
      const std::size_t hour = hours_._Find_next(static_cast<std::size_t>(c.hour));
      c.hour = hour < 24 ? static_cast<int>(hour) : 24, c.minute = 0;
      carry_minute();
      continue;
    }
    if (!minutes_[static_cast<std::size_t>(c.minute)]) {
      const std::size_t minute = minutes_._Find_next(static_cast<std::size_t>(c.minute));
      c.minute = minute < 60 ? static_cast<int>(minute) : 60;
      carry_minute();
      continue;
    }
    const std::int64_t at = zone.FromCivil(c);
    if (at > after_ms) return at;
    c.minute += 1;
    carry_minute();
  }
  return std::nullopt;
}

std::optional<std::int64_t> CronExpression::Previous(std::int64_t at_ms,
                                                     const platform::TimeZone& zone) const {
  // Wall-clock minutes map to instants in order, but when clocks fall back the minutes just
  // after `at`'s wall-clock minute may have happened before `at` (the repeated hour's first
  // pass). Start a few hours later on the wall and walk back to the first that is not after.
  CivilMinute c = zone.ToCivil(at_ms + kLookBackMs);
  const int first_year = c.year - kSearchYears;
  auto borrow = [&] {
    if (c.minute < 0) c.minute = 59, c.hour -= 1;
    if (c.hour < 0) c.hour = 23, c.day -= 1;
    if (c.day < 1) {
      c.month -= 1;
      if (c.month < 1) c.month = 12, c.year -= 1;
      c.day = DaysIn(c.year, c.month);
    }
  };
  while (c.year >= first_year) {
    if (!months_[static_cast<std::size_t>(c.month)]) {
      c.day = 0, c.hour = 23, c.minute = 59;  // the last minute of the previous month
      borrow();
      continue;
    }
    if (!DayMatches(c.year, c.month, c.day)) {
      c.day -= 1, c.hour = 23, c.minute = 59;
      borrow();
      continue;
    }
    if (!hours_[static_cast<std::size_t>(c.hour)]) {
      c.hour -= 1, c.minute = 59;
      borrow();
      continue;
    }
    if (!minutes_[static_cast<std::size_t>(c.minute)]) {
      c.minute -= 1;
      borrow();
      continue;
    }
    const std::int64_t at = zone.FromCivil(c);
    if (at <= at_ms) return at;
    c.minute -= 1;
    borrow();
  }
  return std::nullopt;
}

}  // namespace vizora::scheduling
