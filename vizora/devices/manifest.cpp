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

SharedManifest MakeManifest(json::object versioned_body, std::int64_t computed_at) {
  auto m = std::make_shared<Manifest>();
  m->version = versioned_body.at("version").as_string();
  json::object frame;
  frame.reserve(versioned_body.size() + 1);
  frame["type"] = "manifest";
  frame["version"] = m->version;
  for (const auto& [key, value] : versioned_body) {
    if (key != "version") frame[key] = value;
  }
  m->frame = platform::net::MakePayload(json::serialize(frame));
  m->body = std::move(versioned_body);
  m->computed_at = computed_at;
  return m;
}

SharedManifest NothingToPlay() {
  static const SharedManifest empty = MakeManifest(EmptyManifest(), 0);
  return empty;
}

SharedManifest HeldManifest(std::string_view reason, std::int64_t allowed_screens,
                            std::int64_t computed_at) {
  json::object held{{"reason", reason}, {"allowedScreens", allowed_screens}};
  json::object body = EmptyManifest();
  body["held"] = held;
  body = Versioned(std::move(body));
  auto m = std::make_shared<Manifest>();
  m->version = body.at("version").as_string();
  held["type"] = "held";
  held["version"] = m->version;
  m->frame = platform::net::MakePayload(json::serialize(held));
  m->body = std::move(body);
  m->computed_at = computed_at;
  m->held = true;
  return m;
}

}  // namespace vizora::devices
