#pragma once

// Structured logs: one JSON object per line on stdout,
// {"ts":"…","level":"info","event":"http.request",…fields}. After Init, writing is batched
// by one thread (lines appear within 50 ms; warnings and errors at once), so a request never
// waits on the terminal; if stdout stops draining, lines are dropped and counted. Before
// Init and after Shutdown, lines are written synchronously. Thread-safe. Never pass secrets
// as fields.

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace platform::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Call once at start.
void Init(Level min_level);
// "debug" | "info" | "warn" | "error"; anything else is kInfo.
Level ParseLevel(std::string_view name);
bool Enabled(Level level);
void Write(Level level, std::string_view event, boost::json::object fields = {});
// Asks for queued lines to be written now (asynchronously: they appear within milliseconds).
// Use after lifecycle lines an operator or a supervisor waits for.
void Flush();
// Writes everything queued, stops the logging thread and goes back to synchronous logging:
// call before the process exits.
void Shutdown();

// A record built field by field, for hot paths such as the access log: no intermediate JSON
// objects, one string. Keys must be plain literals; string values are escaped.
//   log::Line(Level::kInfo, "http.request").Str("path", path).Int("status", 200).Write();
class Line {
 public:
  Line(Level level, std::string_view event);
  Line& Str(std::string_view key, std::string_view value);
  Line& Int(std::string_view key, std::int64_t value);
  // Appends the members of `fields` (already a JSON object) after those added so far.
  Line& Fields(const boost::json::object& fields);
  void Write();

 private:
  Level level_;
  std::string text_;
};

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
