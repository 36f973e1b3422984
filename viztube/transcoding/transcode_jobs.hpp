#pragma once

// The durable job that turns an uploaded video into its HLS ladder (platform/jobs: retried
// with backoff, claimed again when its worker dies), and what it records on the video as it
// goes: `processing_state` (queued, running, ready, failed), `processing_percent`, the
// failure's reason, each rendition's state, and `hls_master` once the smallest rung is
// stored, which is when the video becomes playable (`status` "ready").
//
// The source's fault (not a video, too long, over a limit) fails the video for good with its
// reason; anything else (disk, database, a worker that died) is retried, and marks the video
// failed only after the last attempt (GiveUp). A shutdown does not count as an attempt.
// Output lives under "videos/<id>/hls/": a rerun starts by clearing it, and a video deleted
// mid-run stops FFmpeg and leaves nothing behind.

#include <atomic>
#include <string>
#include <string_view>

#include "platform/blob/blob_store.hpp"
#include "platform/cache/read_cache.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/store/database.hpp"
#include "viztube/transcoding/transcoder.hpp"

namespace viztube::transcoding {

inline constexpr std::string_view kTranscodeQueue = "viztube.transcode";
inline constexpr std::int64_t kTranscodeAttempts = 5;

// In the caller's transaction: the video is queued for (re)processing and its job exists
// exactly when that commits.
void EnqueueTranscode(platform::store::Connection& c, const std::string& video_id);

// Where a video's ladder lives in the blob store.
std::string HlsPrefix(const std::string& video_id);

class TranscodeJobs {
 public:
  // `reads`: invalidated whenever a video's processing state changes.
  TranscodeJobs(platform::store::Database& db, platform::blob::BlobStore& blobs,
                platform::cache::Freshness& reads, const Transcoder& transcoder);

  // The job handler (platform::jobs::JobHandler). Throws to have the job retried.
  void Run(const platform::jobs::Job& job);
  // QueueWork::given_up: after the last attempt failed, or its worker was lost (FFmpeg took
  // the machine down five times), the video fails with the reason instead of "running" for ever.
  void GiveUp(const platform::jobs::Job& job, const std::string& reason);
  // Before the runner is destroyed: running transcodes stop at once and are retried by the
  // next start, instead of holding the shutdown for minutes.
  void Stop() { stopping_ = true; }

 private:
  platform::store::Database& db_;
  platform::blob::BlobStore& blobs_;
  platform::cache::Freshness& reads_;
  const Transcoder& transcoder_;
  // Records a change of the video's processing (and invalidates its cached reads); false
  // when the video is gone.
  bool Record(const std::string& sql, const platform::store::Params& params);
  void Fail(const std::string& video_id, const std::string& reason);

  std::atomic<bool> stopping_{false};
};

}  // namespace viztube::transcoding
