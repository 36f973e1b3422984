#include "platform/media/webvtt.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "platform/media/table.hpp"  // IsUtf8

namespace platform::media {

namespace {

[[noreturn]] void Refuse(std::size_t line, const std::string& why) {
  throw MediaError("not a WebVTT file: line " + std::to_string(line) + " " + why);
}

// Exactly `n` ASCII digits at `at`, as a number.
std::optional<int> Digits(std::string_view text, std::size_t at, std::size_t n) {
  if (at + n > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// A timestamp, "mm:ss.ttt" or "hh…:mm:ss.ttt", at the start of `text`: its seconds, and how
// many characters it took.
std::optional<std::pair<double, std::size_t>> Timestamp(std::string_view text) {
  std::size_t hour_digits = 0;
  while (hour_digits < text.size() && text[hour_digits] >= '0' && text[hour_digits] <= '9') {
    ++hour_digits;
  }
  double hours = 0;
  std::size_t at = 0;
  // "12:34.567" has two digits then ':' then "34.": minutes first. With hours, the first
  // field is followed by "mm:ss".
  const bool with_hours =
      hour_digits > 2 || (hour_digits == 2 && text.size() > 5 && text[5] == ':');
  if (with_hours) {
    if (hour_digits < 2 || hour_digits > 6 || text.size() <= hour_digits ||
        text[hour_digits] != ':') {
      return std::nullopt;
    }
    hours = *Digits(text, 0, hour_digits);
    at = hour_digits + 1;
  }
  const auto minutes = Digits(text, at, 2);
  if (!minutes || *minutes > 59 || at + 2 >= text.size() || text[at + 2] != ':')
    return std::nullopt;
  const auto seconds = Digits(text, at + 3, 2);
  if (!seconds || *seconds > 59 || at + 5 >= text.size() || text[at + 5] != '.')
    return std::nullopt;
  const auto millis = Digits(text, at + 6, 3);
  if (!millis) return std::nullopt;
  return std::pair{hours * 3600 + *minutes * 60 + *seconds + *millis / 1000.0, at + 9};
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t';
}

}  // namespace

WebVtt CheckWebVtt(std::string_view text) {
  if (!IsUtf8(text)) Refuse(1, "is not UTF-8 text");
  if (text.find('\0') != std::string_view::npos) Refuse(1, "holds a NUL byte");
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (!text.starts_with("WEBVTT") ||
      (text.size() > 6 && !IsBlank(text[6]) && text[6] != '\n' && text[6] != '\r')) {
    Refuse(1, "does not start with WEBVTT");
  }
  WebVtt out;
  std::size_t number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    ++number;
    start = end + 1;
    const auto arrow = line.find("-->");
    if (arrow == std::string_view::npos) continue;
    // A timing line: start --> end [settings].
    const auto from = Timestamp(line);
    if (!from) Refuse(number, "has a cue whose start is not a time like 00:01.000");
    std::size_t at = from->second;
    while (at < line.size() && IsBlank(line[at])) ++at;
    if (line.substr(at, 3) != "-->") Refuse(number, "has text between a cue's start and -->");
    at += 3;
    if (at >= line.size() || !IsBlank(line[at])) Refuse(number, "wants a space after -->");
    while (at < line.size() && IsBlank(line[at])) ++at;
    const auto to = Timestamp(line.substr(at));
    if (!to) Refuse(number, "has a cue whose end is not a time like 00:04.000");
    at += to->second;
    if (at < line.size() && !IsBlank(line[at])) Refuse(number, "has text glued to a cue's end");
    if (to->first <= from->first) Refuse(number, "has a cue that ends before it starts");
    ++out.cues;
    out.end_seconds = std::max(out.end_seconds, to->first);
  }
  if (out.cues == 0) throw MediaError("not a WebVTT file with captions: it has no cues");
  return out;
}

}  // namespace platform::media
