#include "platform/core/time_zone.hpp"

#include <date/tz.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace platform {

namespace {
const date::time_zone* Zone(const void* z) {
  return static_cast<const date::time_zone*>(z);
}
}  // namespace

std::string FormatCivilDate(const CivilMinute& c) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", c.year, c.month, c.day);
  return text;
}

bool IsKnownTimeZone(std::string_view name) {
  return TimeZone::Find(name).has_value();
}

std::optional<TimeZone> TimeZone::Find(std::string_view name) {
  if (name.empty() || name.size() > 64) return std::nullopt;
  try {
    return TimeZone(date::locate_zone(std::string(name)));
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

TimeZone TimeZone::Utc() {
  return TimeZone(date::locate_zone("UTC"));
}

CivilMinute TimeZone::ToCivil(std::int64_t utc_ms) const {
  const date::sys_time<std::chrono::milliseconds> instant{std::chrono::milliseconds(utc_ms)};
  const auto local = Zone(zone_)->to_local(instant);
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::milliseconds> time{local - day};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count())};
}

std::int64_t TimeZone::FromCivil(const CivilMinute& c) const {
  const date::local_days day{date::year{c.year} / c.month / c.day};
  const date::local_seconds local =
      day + std::chrono::hours(c.hour) + std::chrono::minutes(c.minute);
  // For a nonexistent time both choices are the end of the gap; for an ambiguous one, the
  // earlier of the two.
  const auto utc = Zone(zone_)->to_sys(local, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::milliseconds>(utc.time_since_epoch()).count();
}

TimeZone::Offset TimeZone::OffsetAt(std::int64_t utc_ms) const {
  using std::chrono::milliseconds;
  const auto info = Zone(zone_)->get_info(date::sys_time<milliseconds>(milliseconds(utc_ms)));
  const auto ms = [](auto t) {
    return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
  };
  return {.begin_ms = ms(info.begin),
          .end_ms = ms(info.end),
          .offset_ms = std::chrono::duration_cast<milliseconds>(info.offset).count()};
}

}  // namespace platform
