#include "platform/core/clock.hpp"

#include <date/date.h>

#include <chrono>
#include <sstream>

namespace platform {

std::int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string FormatIso8601(std::int64_t epoch_millis) {
  // Hand-rolled rather than date::format: this runs for every log line, and the stream-based
  // formatter cost more than the rest of an access-log line together.
  using namespace std::chrono;
  const auto tp = sys_time<milliseconds>{milliseconds{epoch_millis}};
  const auto day = floor<days>(tp);
  const date::year_month_day ymd{day};
  const auto ms_of_day = (tp - day).count();
  const auto two = [](char* out, long v) {
    out[0] = static_cast<char>('0' + v / 10);
    out[1] = static_cast<char>('0' + v % 10);
  };
  char text[] = "0000-00-00T00:00:00.000Z";
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return date::format("%FT%TZ", tp);
  two(text, year / 100);
  two(text + 2, year % 100);
  two(text + 5, static_cast<unsigned>(ymd.month()));
  two(text + 8, static_cast<unsigned>(ymd.day()));
  two(text + 11, ms_of_day / 3'600'000);
  two(text + 14, ms_of_day / 60'000 % 60);
  two(text + 17, ms_of_day / 1000 % 60);
  text[20] = static_cast<char>('0' + ms_of_day % 1000 / 100);
  two(text + 21, ms_of_day % 100);
  return std::string(text, sizeof text - 1);
}

std::optional<std::int64_t> ParseIso8601(std::string_view text) {
  // Both forms parse with %z, which also takes a literal "Z"... it does not: try "Z" first.
  for (const char* fmt : {"%FT%TZ", "%FT%T%Ez"}) {
    std::istringstream in{std::string(text)};
    date::sys_time<std::chrono::milliseconds> tp;
    in >> date::parse(fmt, tp);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) {
      return tp.time_since_epoch().count();
    }
  }
  return std::nullopt;
}

}  // namespace platform
