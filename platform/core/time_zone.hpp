#pragma once

// IANA time zones ("Europe/Paris"), read from the system's /usr/share/zoneinfo through
// Howard Hinnant's tz library (GCC 12's std::chrono has none), and wall-clock time in them.

#include <cstdint>
#include <optional>
#include <string_view>

namespace platform {

// True for a zone name the tz database knows (links such as "US/Eastern" included).
bool IsKnownTimeZone(std::string_view name);

// A wall-clock minute: what a clock on the wall of that zone shows.
struct CivilMinute {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0;
  friend bool operator==(const CivilMinute&, const CivilMinute&) = default;
};

// A zone of the tz database. Cheap to copy; zones live for the whole process.
class TimeZone {
 public:
  static std::optional<TimeZone> Find(std::string_view name);
  static TimeZone Utc();

  // The wall-clock minute at UTC instant `utc_ms` (seconds dropped).
  CivilMinute ToCivil(std::int64_t utc_ms) const;
  // The UTC instant (ms) of a wall-clock minute. A minute that does not exist (the gap when
  // clocks spring forward) gives the instant the gap ends; a minute that happens twice (clocks
  // falling back) gives the earlier one.
  std::int64_t FromCivil(const CivilMinute& civil) const;

 private:
  explicit TimeZone(const void* zone) : zone_(zone) {}
  const void* zone_;  // date::time_zone
};

}  // namespace platform
