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
  const date::sys_time<std::chrono::milliseconds> tp{std::chrono::milliseconds{epoch_millis}};
  return date::format("%FT%TZ", tp);
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
