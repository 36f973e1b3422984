#include "vizora/content/blob_collector.hpp"

#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/jobs/job_queue.hpp"

namespace vizora::content {

using platform::store::Connection;

namespace {
// Rows purged per transaction: short transactions, no long locks.
constexpr std::int64_t kPurgeBatch = 500;
}  // namespace

Collected CollectGarbage(platform::store::Database& db, platform::blob::BlobStore& blobs,
                         const CollectOptions& options) {
  Collected out;
  const std::int64_t cutoff =
      platform::NowMillis() -
      std::chrono::duration_cast<std::chrono::milliseconds>(options.deleted_retention).count();
  for (;;) {
    const std::int64_t purged = db.TransactBlocking([&](Connection& c) {
      return c.Execute(
          "DELETE FROM contents WHERE id IN (SELECT id FROM contents WHERE deleted_at IS NOT NULL "
          "AND deleted_at < $1 LIMIT $2)",
          {cutoff, kPurgeBatch});
    });
    out.purged_rows += purged;
    if (purged < kPurgeBatch) break;
  }
  for (const auto& blob : blobs.ListOlderThan(options.min_blob_age)) {
    const bool used = db.ReadBlocking([&](Connection& c) {
      return !c.Query(
                   "SELECT 1 FROM contents WHERE sha256 = $1 UNION ALL SELECT 1 FROM "
                   "content_files WHERE sha256 = $1 LIMIT 1",
                   {blob.sha256})
                  .empty();
    });
    if (!used && blobs.RemoveIfOlderThan(blob.sha256, options.min_blob_age)) {
      ++out.removed_blobs;
      out.freed_bytes += blob.size;
    }
  }
  // What uploads and conversions a crash cut left in the temp folder (the same age: an
  // upload younger than that may still be writing).
  out.removed_temps = static_cast<std::int64_t>(blobs.RemoveStaleTemps(options.min_blob_age));
  platform::log::Info("content.collected", {{"purgedRows", out.purged_rows},
                                            {"removedBlobs", out.removed_blobs},
                                            {"removedTemps", out.removed_temps},
                                            {"freedBytes", out.freed_bytes}});
  return out;
}

void ScheduleCollection(Connection& c, std::chrono::seconds delay) {
  platform::jobs::EnqueueUnlessQueued(c, kCollectQueue, "{}", {.max_attempts = 1, .delay = delay});
}

}  // namespace vizora::content
