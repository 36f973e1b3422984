#pragma once

// Device manifests (API.md "Devices", device side; DESIGN.md §4 "What a screen shows"):
// {version, validFrom, validUntil, timeline, playlists, content}: the next 48 h as segments
// plus every playlist and content item they use, with signed media links. The version is a
// hash of the rest: the timeline starts at the top of the hour and links expire at a day
// boundary, so an unchanged screen gets the same manifest (and ETag) for an hour.
//
// Push(): after anything that can change timelines (publishes, schedules, playlists, a
// screen's default or groups, content), every screen of the organization gets its manifest
// over the bus; screens whose timelines are equal share one serialized frame.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/bus/bus.hpp"
#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/store/database.hpp"
#include "vizora/scheduling/resolver.hpp"

namespace vizora::publishing {

inline constexpr std::int64_t kHorizonMs = 48LL * 3'600'000;

struct ManifestFor {
  boost::json::object manifest;  // versioned
  std::vector<std::string> device_ids;
};

// The manifests of the organization's screens (or one screen), computed at `now`; screens
// with equal timelines share one. Blocking: in the caller's transaction.
std::vector<ManifestFor> ComputeManifests(platform::store::Connection& c,
                                          const std::string& organization_id,
                                          const std::optional<std::string>& device_id,
                                          std::int64_t now, std::string_view media_key);

// One screen's timeline over [from, to) (any range).
std::vector<scheduling::Segment> DeviceTimeline(platform::store::Connection& c,
                                                const std::string& organization_id,
                                                const std::string& device_id, std::int64_t from,
                                                std::int64_t to);

boost::json::array SegmentsJson(const std::vector<scheduling::Segment>& segments);

class Manifests {
 public:
  Manifests(platform::store::Database& db, platform::bus::Bus& bus, std::string media_key);

  boost::asio::awaitable<boost::json::object> ForDevice(const std::string& organization_id,
                                                        const std::string& device_id);
  // Recomputes and sends every screen of the organization whose manifest changed its
  // manifest; returns at once. `sent(screens)` runs after the frames went to the bus.
  void Push(const std::string& organization_id,
            std::function<void(std::size_t screens)> sent = nullptr);
  // The same, done before returning (jobs); returns how many screens got a manifest.
  std::size_t PushNow(const std::string& organization_id);

 private:
  platform::store::Database& db_;
  platform::bus::Bus& bus_;
  const std::string media_key_;
  // Pushes run here one at a time, off the event loops; last, so it is joined first.
  platform::WorkerPool pool_{1};
};

}  // namespace vizora::publishing
