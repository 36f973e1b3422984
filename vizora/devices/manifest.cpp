#include "vizora/devices/manifest.hpp"

#include <boost/json/serialize.hpp>

#include "platform/core/ids.hpp"

namespace vizora::devices {

namespace json = boost::json;

namespace {
// 64 bits of the hash: ample to tell versions of one device's manifest apart.
constexpr std::size_t kVersionHexDigits = 16;
}  // namespace

json::object Versioned(json::object manifest) {
  manifest.erase("version");
  manifest["version"] = platform::Sha256Hex(json::serialize(manifest)).substr(0, kVersionHexDigits);
  return manifest;
}

json::object EmptyManifest() {
  return Versioned(
      {{"timeline", json::array{}}, {"playlists", json::array{}}, {"content", json::array{}}});
}

}  // namespace vizora::devices
