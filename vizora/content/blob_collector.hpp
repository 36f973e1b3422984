#pragma once

// Garbage collection of content (the content.collect-blobs job): rows soft-deleted longer ago
// than the retention are purged (with their made files), then every blob that no row
// references any more is removed, and so are temp files a crash left. A blob younger than
// min_blob_age is never touched (an upload may have stored it and not yet committed its row), and
// one reused since it was listed survives (BlobStore::RemoveIfOlderThan). The job queues its own
// next run.

#include <chrono>
#include <cstdint>
#include <string_view>

#include "platform/blob/blob_store.hpp"
#include "platform/store/database.hpp"

namespace vizora::content {

inline constexpr std::string_view kCollectQueue = "content.collect-blobs";

struct CollectOptions {
  std::chrono::seconds min_blob_age{3600};
  std::chrono::hours deleted_retention{24 * 30};
  std::chrono::seconds every{3600};
};

struct Collected {
  std::int64_t purged_rows = 0;
  std::int64_t removed_blobs = 0;
  std::int64_t removed_temps = 0;  // temp files and scratch folders a crash left
  std::uint64_t freed_bytes = 0;
};

// One collection. Blocking: runs on job threads.
Collected CollectGarbage(platform::store::Database& db, platform::blob::BlobStore& blobs,
                         const CollectOptions& options);

// Queues the next collection after `delay` unless one is queued already.
void ScheduleCollection(platform::store::Connection& c, std::chrono::seconds delay);

}  // namespace vizora::content
