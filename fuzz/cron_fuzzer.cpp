// Cron expressions and time zones as a schedule's author types them: the first line is a zone
// name, the second an expression, the rest picks an instant. Parse accepts or refuses with a
// reason; an accepted one computes its next and previous firings in the zone, and those must
// be on the right side of the instant (and, in UTC, match the expression).

#include <cstdint>
#include <cstring>
#include <string_view>

#include "platform/core/time_zone.hpp"
#include "vizora/scheduling/cron.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const auto first = rest.find('\n');
  if (first == std::string_view::npos) return 0;
  const std::string_view zone_name = rest.substr(0, first);
  rest.remove_prefix(first + 1);
  const auto second = rest.find('\n');
  const std::string_view text = rest.substr(0, second);
  std::uint32_t seconds = 0;  // within 2000..2136
  if (second != std::string_view::npos) {
    const auto tail = rest.substr(second + 1);
    std::memcpy(&seconds, tail.data(), std::min(tail.size(), sizeof seconds));
  }
  const std::int64_t at = (946'684'800LL + seconds) * 1000;
  const auto zone = platform::TimeZone::Find(zone_name).value_or(platform::TimeZone::Utc());
  const auto cron = vizora::scheduling::CronExpression::Parse(text);
  if (!cron) return 0;
  // In the zone: on the right side of the instant (a firing in a DST gap moves to the gap's
  // end, so it need not match the expression there).
  if (const auto next = cron->Next(at, zone); next && *next <= at) __builtin_trap();
  if (const auto previous = cron->Previous(at, zone); previous && *previous > at) __builtin_trap();
  // In UTC, which has no gaps: firings of the expression as well.
  const auto utc = platform::TimeZone::Utc();
  if (const auto next = cron->Next(at, utc)) {
    if (*next <= at || !cron->Matches(utc.ToCivil(*next))) __builtin_trap();
  }
  if (const auto previous = cron->Previous(at, utc)) {
    if (*previous > at || !cron->Matches(utc.ToCivil(*previous))) __builtin_trap();
  }
  return 0;
}
