#pragma once

// Structured logs: one JSON object per line on stdout,
// {"ts":"…","level":"info","event":"http.request",…fields}. Writing is asynchronous (a
// bounded queue drained by one logging thread; when full, the oldest line is dropped) so a
// request never waits on the terminal. Thread-safe. Never pass secrets as fields.

#include <boost/json/object.hpp>
#include <string_view>

namespace platform::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Call once at start; before it, lines go synchronously to stdout at level info.
void Init(Level min_level);
// "debug" | "info" | "warn" | "error"; anything else is kInfo.
Level ParseLevel(std::string_view name);
bool Enabled(Level level);
void Write(Level level, std::string_view event, boost::json::object fields = {});
// Blocks until queued lines are written: call before exit.
void Flush();

inline void Debug(std::string_view event, boost::json::object fields = {}) {
  if (Enabled(Level::kDebug)) Write(Level::kDebug, event, std::move(fields));
}
inline void Info(std::string_view event, boost::json::object fields = {}) {
  Write(Level::kInfo, event, std::move(fields));
}
inline void Warn(std::string_view event, boost::json::object fields = {}) {
  Write(Level::kWarn, event, std::move(fields));
}
inline void Error(std::string_view event, boost::json::object fields = {}) {
  Write(Level::kError, event, std::move(fields));
}

}  // namespace platform::log
