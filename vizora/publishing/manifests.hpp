#pragma once

// Device manifests (API.md "Devices", device side; DESIGN.md §4 "What a screen shows"):
// {version, validFrom, validUntil, timeline, playlists, content}: the next 48 h as segments
// plus every playlist and content item they use, with signed media links. The version is a
// hash of the rest: the timeline starts at the top of the hour and links expire at a day
// boundary, so an unchanged screen gets the same manifest (and ETag) for an hour.
//
// Push(): after anything that can change timelines (publishes, schedules, playlists, a
// screen's default or groups, content), every screen whose manifest changed gets it over the
// bus; screens whose timelines are equal share one serialized frame. Nothing is written per
// screen: what each socket holds is known to the hub that holds it (DeviceConnection::Offer),
// and the last computation stays in memory (ManifestCache) for the screens that connect next.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "platform/bus/bus.hpp"
#include "platform/cache/flight.hpp"
#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/metrics.hpp"
#include "platform/store/database.hpp"
#include "vizora/devices/manifest.hpp"
#include "vizora/publishing/manifest_cache.hpp"
#include "vizora/scheduling/resolver.hpp"

namespace vizora::publishing {

inline constexpr std::int64_t kHorizonMs = 48LL * 3'600'000;

struct ManifestFor {
  boost::json::object manifest;  // versioned; empty when held
  std::vector<std::string> device_ids;
  // Screens beyond the organization's plan (devices/held_screens.hpp): they are sent
  // devices::HeldManifest(held_reason, allowed_screens) instead.
  bool held = false;
  std::string_view held_reason;
  std::int64_t allowed_screens = 0;
};

// The manifests of the organization's screens (or one screen), computed at `now`; screens
// with equal timelines share one, and held screens are one entry of their own. Blocking: in
// the caller's transaction.
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

  // From memory when the organization's manifests are known here (no database). Otherwise
  // the whole organization's are computed once in the background while every screen that
  // asks meanwhile waits for them (a reconnect wave after a restart costs one computation,
  // not one per screen); a screen they do not know is computed alone.
  boost::asio::awaitable<devices::SharedManifest> ForDevice(const std::string& organization_id,
                                                            const std::string& device_id);
  // Recomputes the organization's manifests and sends each screen whose manifest changed its
  // new one (one frame per distinct timeline); returns at once. `sent(screens)` runs after
  // the frames went to the bus.
  void Push(const std::string& organization_id,
            std::function<void(std::size_t screens)> sent = nullptr);
  // The same, done before returning (jobs); returns how many screens were sent a manifest.
  std::size_t PushNow(const std::string& organization_id);
  // After the bus between instances was down (Bus::OnResume): pushes and invalidations may
  // have been lost, so everything cached here is dropped and these organizations' screens are
  // all sent their manifests from the database (hubs skip the sockets that hold them already).
  // Returns at once.
  void Resync(const std::vector<std::string>& organization_ids);
  // Records into `seconds` how long each Push took from the call (a publish, an edit) to its
  // frames on the bus, queueing behind other pushes included. Call before serving.
  void TimePushes(platform::net::Metrics::Histogram seconds) { push_seconds_ = seconds; }

 private:
  // Every screen of the organization, blocking (on pool_): one manifest per distinct
  // timeline with its screens, and the same by screen.
  struct Computed {
    std::vector<std::pair<devices::SharedManifest, std::vector<std::string>>> groups;
    ManifestsByDevice by_device;
  };
  Computed ComputeOrganization(const std::string& organization_id, std::int64_t now);
  // Computes the organization's manifests into cache_ in the background, once however many
  // screens ask meanwhile; the flight lands when they are there.
  std::shared_ptr<platform::cache::Flight<bool>> WarmUp(const std::string& organization_id);

  platform::store::Database& db_;
  platform::bus::Bus& bus_;
  const std::string media_key_;
  ManifestCache cache_;
  std::optional<platform::net::Metrics::Histogram> push_seconds_;
  platform::bus::Subscription changes_;  // invalidations from every instance, into cache_
  std::mutex warming_mutex_;
  // Organizations being computed in the background.
  std::map<std::string, std::shared_ptr<platform::cache::Flight<bool>>> warming_;
  // Pushes and warm-ups run here one at a time, off the event loops; last, so it is joined
  // first.
  platform::WorkerPool pool_{1};
};

}  // namespace vizora::publishing
