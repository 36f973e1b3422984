#pragma once

// The device manifest (API.md "Devices", device side): {version, timeline, playlists,
// content}. The scheduling module computes real ones; until a device has anything to play it
// gets the empty manifest, which is still versioned so players can cache it like any other.

#include <boost/json/object.hpp>
#include <string>

namespace vizora::devices {

// Sets "version" from a hash of the rest, so equal manifests have equal versions.
boost::json::object Versioned(boost::json::object manifest);
boost::json::object EmptyManifest();

}  // namespace vizora::devices
