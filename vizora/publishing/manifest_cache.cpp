#include "vizora/publishing/manifest_cache.hpp"

#include <algorithm>
#include <vector>

namespace vizora::publishing {

devices::SharedManifest ManifestCache::Find(const std::string& organization_id,
                                            const std::string& device_id, std::int64_t hour) const {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(organization_id);
  if (it == entries_.end() || it->second.computed_at < 0 || it->second.hour != hour) return {};
  const auto found = it->second.manifests.find(device_id);
  return found == it->second.manifests.end() ? nullptr : found->second;
}

ManifestCache::Stored ManifestCache::Store(const std::string& organization_id, std::int64_t hour,
                                           std::int64_t computed_at, ManifestsByDevice manifests) {
  Stored out;
  ManifestsByDevice replaced;  // freed outside the lock
  {
    std::lock_guard lock(mutex_);
    Entry& e = EntryLocked(organization_id);
    if (computed_at < e.invalid_before || computed_at < e.computed_at) return out;
    const bool same_hour = e.computed_at >= 0 && e.hour == hour;
    replaced = std::exchange(e.manifests, std::move(manifests));
    e.hour = hour;
    e.computed_at = computed_at;
    out.stored = true;
    if (same_hour) out.previous = std::move(replaced);
  }
  return out;
}

void ManifestCache::Add(const std::string& organization_id, const std::string& device_id,
                        std::int64_t hour, devices::SharedManifest manifest) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(organization_id);
  if (it == entries_.end() || it->second.computed_at < 0 || it->second.hour != hour ||
      manifest->computed_at < it->second.computed_at ||
      manifest->computed_at < it->second.invalid_before) {
    return;
  }
  it->second.manifests.insert_or_assign(device_id, std::move(manifest));
}

void ManifestCache::Invalidate(const std::string& organization_id, std::int64_t before) {
  ManifestsByDevice dropped;  // freed outside the lock
  std::lock_guard lock(mutex_);
  Entry& e = EntryLocked(organization_id);
  e.invalid_before = std::max(e.invalid_before, before);
  if (e.computed_at >= 0 && e.computed_at < before) {
    dropped = std::exchange(e.manifests, {});
    e.computed_at = -1;
  }
}

void ManifestCache::InvalidateAll(std::int64_t before) {
  std::vector<ManifestsByDevice> dropped;  // freed outside the lock
  std::lock_guard lock(mutex_);
  for (auto& [organization_id, e] : entries_) {
    e.invalid_before = std::max(e.invalid_before, before);
    if (e.computed_at >= 0 && e.computed_at < before) {
      dropped.push_back(std::exchange(e.manifests, {}));
      e.computed_at = -1;
    }
  }
}

std::size_t ManifestCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

ManifestCache::Entry& ManifestCache::EntryLocked(const std::string& organization_id) {
  auto it = entries_.find(organization_id);
  if (it == entries_.end()) {
    if (entries_.size() >= max_organizations_) EvictOneLocked();
    it = entries_.emplace(organization_id, Entry{}).first;
  }
  return it->second;
}

void ManifestCache::EvictOneLocked() {
  // The entry computed longest ago; rare (only past max_organizations_), so a scan will do.
  const auto oldest = std::min_element(entries_.begin(), entries_.end(), [](auto& a, auto& b) {
    return std::max(a.second.computed_at, a.second.invalid_before) <
           std::max(b.second.computed_at, b.second.invalid_before);
  });
  if (oldest != entries_.end()) entries_.erase(oldest);
}

}  // namespace vizora::publishing
