#pragma once

// Time as the API speaks it: epoch milliseconds inside, ISO 8601 UTC with milliseconds outside
// ("2026-01-26T20:00:00.000Z").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace platform {

std::int64_t NowMillis();
std::string FormatIso8601(std::int64_t epoch_millis);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and numeric offsets ("+02:00"); nullopt otherwise.
std::optional<std::int64_t> ParseIso8601(std::string_view text);

}  // namespace platform
