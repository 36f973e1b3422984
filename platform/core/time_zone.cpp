#include "platform/core/time_zone.hpp"

#include <date/tz.h>

#include <stdexcept>
#include <string>

namespace platform {

bool IsKnownTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  try {
    date::locate_zone(std::string(name));
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace platform
