#pragma once

// Time as the API speaks it: epoch milliseconds inside, ISO 8601 UTC with milliseconds outside
// ("2026-01-26T20:00:00.000Z").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace platform {

inline constexpr std::int64_t kMillisPerHour = 3'600'000;
inline constexpr std::int64_t kMillisPerDay = 24 * kMillisPerHour;

std::int64_t NowMillis();
// The start of the UTC hour (or day, with kMillisPerDay) that `epoch_millis` falls in.
constexpr std::int64_t FloorTo(std::int64_t epoch_millis, std::int64_t unit) {
  const std::int64_t r = epoch_millis % unit;
  return epoch_millis - (r < 0 ? r + unit : r);
}
constexpr std::int64_t CeilTo(std::int64_t epoch_millis, std::int64_t unit) {
  const std::int64_t floor = FloorTo(epoch_millis, unit);
  return floor == epoch_millis ? floor : floor + unit;
}
std::string FormatIso8601(std::int64_t epoch_millis);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and numeric offsets ("+02:00"); nullopt otherwise.
std::optional<std::int64_t> ParseIso8601(std::string_view text);

}  // namespace platform
