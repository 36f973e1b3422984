#pragma once

// The device manifest (API.md "Devices", device side): {version, timeline, playlists,
// content}. The scheduling module computes real ones; until a device has anything to play it
// gets the empty manifest, which is still versioned so players can cache it like any other.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "platform/net/websocket.hpp"

namespace vizora::devices {

// A manifest as screens receive it, computed once and shared by every screen it is for (an
// instant publish to 10,000 screens is one of these).
struct Manifest {
  boost::json::object body;  // versioned: the HTTP answer
  std::string version;
  // The socket frame, serialized once: {"type":"manifest","version":…, …the body}. Type and
  // version first, so a player can tell what it got without parsing the rest.
  platform::net::Payload frame;
  // When the inputs were read (ms): of two manifests for one screen, the later one wins.
  std::int64_t computed_at = 0;
  // For a screen beyond its organization's plan (held_screens.hpp): the frame is
  // {"type":"held",…}, which players ignore, so they keep what they play; the body is the
  // empty manifest with {"held": {reason, allowedScreens}} for players that have nothing.
  bool held = false;
};
using SharedManifest = std::shared_ptr<const Manifest>;

SharedManifest MakeManifest(boost::json::object versioned_body, std::int64_t computed_at);
// EmptyManifest() as a SharedManifest, made once (computed_at 0: any real one is newer).
SharedManifest NothingToPlay();
// What a held screen is sent instead of its manifest: one per reason and limit, so a screen
// that holds it already is not sent it again.
SharedManifest HeldManifest(std::string_view reason, std::int64_t allowed_screens,
                            std::int64_t computed_at);

// What a screen plays now, computed by the scheduling side (publishing/manifests.hpp); the
// devices module asks through this, as it sits below the modules that know.
using ManifestSource = std::function<boost::asio::awaitable<SharedManifest>(
    const std::string& organization_id, const std::string& device_id)>;

// Sets "version" from a hash of the rest, so equal manifests have equal versions.
boost::json::object Versioned(boost::json::object manifest);
boost::json::object EmptyManifest();

}  // namespace vizora::devices
