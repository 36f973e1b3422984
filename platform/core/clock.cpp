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

namespace {

// YYYY-MM-DDTHH:MM:SS, an optional fraction of 1 to 3 digits (milliseconds), then Z or an
// offset (±HH:MM): checked before date::parse sees the text, which read a broken offset
// ("-(") into the negation of the smallest duration, undefined behaviour (found by
// fuzz/s3_answers on an S3 listing's dates).
bool HasIso8601Shape(std::string_view t) {
  const auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > t.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
    }
    return true;
  };
  if (!digits(0, 4) || t.size() < 20 || t[4] != '-' || !digits(5, 2) || t[7] != '-' ||
      !digits(8, 2) || t[10] != 'T' || !digits(11, 2) || t[13] != ':' || !digits(14, 2) ||
      t[16] != ':' || !digits(17, 2)) {
    return false;
  }
  std::size_t at = 19;
  if (t[at] == '.') {
    const std::size_t first = ++at;
    while (at < t.size() && t[at] >= '0' && t[at] <= '9') ++at;
    if (at == first || at - first > 3) return false;
  }
  if (at < t.size() && t[at] == 'Z') return at + 1 == t.size();
  if (at >= t.size() || (t[at] != '+' && t[at] != '-') || !digits(at + 1, 2)) return false;
  const std::string_view minutes = t.substr(at + 3);
  return minutes.size() == 3 && minutes[0] == ':' && digits(at + 4, 2);
}

}  // namespace

std::optional<std::int64_t> ParseIso8601(std::string_view text) {
  if (!HasIso8601Shape(text)) return std::nullopt;
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
