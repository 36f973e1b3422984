#pragma once

// The device manifest (API.md "Devices", device side): {version, timeline, playlists,
// content}. The scheduling module computes real ones; until a device has anything to play it
// gets the empty manifest, which is still versioned so players can cache it like any other.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <string>

namespace vizora::devices {

// What a screen plays now, computed by the scheduling side (publishing/manifests.hpp); the
// devices module asks through this, as it sits below the modules that know.
using ManifestSource = std::function<boost::asio::awaitable<boost::json::object>(
    const std::string& organization_id, const std::string& device_id)>;

// Sets "version" from a hash of the rest, so equal manifests have equal versions.
boost::json::object Versioned(boost::json::object manifest);
boost::json::object EmptyManifest();

}  // namespace vizora::devices
