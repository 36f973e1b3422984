#pragma once

// What every screen of an organization was last computed to show, in memory, so that a
// connecting screen (10,000 of them after a restart) gets its manifest without the database,
// and a push knows which screens' manifests changed without a table of versions.
//
// An organization's entry holds the manifests of one computation, for one hour (manifests
// start at the top of the hour, so the next hour needs new ones). Anything that changes a
// timeline invalidates the entries computed before it on every instance (Manifests publishes
// the invalidation on the bus); a computation that started before an invalidation it missed
// is refused when it tries to store. Thread-safe.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "vizora/devices/manifest.hpp"

namespace vizora::publishing {

using ManifestsByDevice = std::unordered_map<std::string, devices::SharedManifest>;

class ManifestCache {
 public:
  explicit ManifestCache(std::size_t max_organizations = 10'000)
      : max_organizations_(max_organizations) {}

  // The screen's manifest, if the organization's entry is for `hour` and knows the screen.
  devices::SharedManifest Find(const std::string& organization_id, const std::string& device_id,
                               std::int64_t hour) const;

  // Replaces the organization's manifests with those of a computation that read its inputs at
  // `computed_at`, unless the entry is newer or an invalidation came after that instant.
  // Returns whether it was stored, and the manifests it replaced when they were for the same
  // hour (the push compares versions against them).
  struct Stored {
    bool stored = false;
    std::optional<ManifestsByDevice> previous;
  };
  Stored Store(const std::string& organization_id, std::int64_t hour, std::int64_t computed_at,
               ManifestsByDevice manifests);
  // Adds one screen's manifest (a screen the entry did not know, e.g. paired since) to an entry
  // of the same hour computed no later than it.
  void Add(const std::string& organization_id, const std::string& device_id, std::int64_t hour,
           devices::SharedManifest manifest);
  // What was computed before `before` is stale.
  void Invalidate(const std::string& organization_id, std::int64_t before);
  // The same for every organization known here (invalidations may have been missed).
  void InvalidateAll(std::int64_t before);

  std::size_t size() const;

 private:
  struct Entry {
    std::int64_t hour = 0;
    std::int64_t computed_at = -1;  // -1: no manifests, only a watermark
    std::int64_t invalid_before = 0;
    ManifestsByDevice manifests;
  };
  Entry& EntryLocked(const std::string& organization_id);  // made if missing
  void EvictOneLocked();

  const std::size_t max_organizations_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // by organization
};

}  // namespace vizora::publishing
