#pragma once

// IANA time zones ("Europe/Paris"), read from the system's /usr/share/zoneinfo through
// Howard Hinnant's tz library (GCC 12's std::chrono has none), and wall-clock time in them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace platform {

// True for a zone name the tz database knows (links such as "US/Eastern" included).
bool IsKnownTimeZone(std::string_view name);

// A wall-clock minute: what a clock on the wall of that zone shows.
struct CivilMinute {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0;
  friend bool operator==(const CivilMinute&, const CivilMinute&) = default;
};

// "2026-03-29": the date of a wall-clock minute, as ISO 8601 writes it.
std::string FormatCivilDate(const CivilMinute& civil);

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

  // The zone's offset from UTC at `utc_ms`, and the UTC span [begin_ms, end_ms) it holds for
  // (until the next change of daylight-saving time or of the zone's rules).
  struct Offset {
    std::int64_t begin_ms = 0, end_ms = 0, offset_ms = 0;
  };
  Offset OffsetAt(std::int64_t utc_ms) const;

 private:
  explicit TimeZone(const void* zone) : zone_(zone) {}
  const void* zone_;  // date::time_zone
};

}  // namespace platform
