#pragma once

// IANA time zones ("Europe/Paris"), read from the system's /usr/share/zoneinfo through
// Howard Hinnant's tz library (GCC 12's std::chrono has none).

#include <string_view>

namespace platform {

// True for a zone name the tz database knows (links such as "US/Eastern" included).
bool IsKnownTimeZone(std::string_view name);

}  // namespace platform
