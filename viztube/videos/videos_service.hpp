#pragma once

// Videos (VIZTUBE-API.md "Videos"), without HTTP: upload (streamed to the blob store, probed
// for duration and codecs, a thumbnail from the video when none is given), read (counting a
// view), list (full-text, fixed sort keys, exact totals without counting the table), edit,
// publish, delete (files, views, history with it), the watch history. Ownership is checked on
// every write: someone else's video is 403, a missing or hidden one 404.
// Thread-safe: share one instance.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/blob/blob_store.hpp"
#include "platform/cache/read_cache.hpp"
#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/store/database.hpp"
#include "platform/uploads/form_upload.hpp"
#include "viztube/api/envelope.hpp"
#include "viztube/users/model.hpp"
#include "viztube/videos/model.hpp"
#include "viztube/videos/views.hpp"

namespace viztube::videos {

inline constexpr std::int64_t kMaxVideoBytes = 100LL << 20;
inline constexpr std::size_t kMaxTitleChars = 200;
inline constexpr std::size_t kMaxDescriptionChars = 5000;
inline constexpr int kThumbnailSide = 1280;
// Reads of videos are cached until a write changes them, and at most this long: the bound on
// how stale a view count (written in batches, never invalidating) may be served.
inline constexpr std::chrono::milliseconds kReadCacheTtl{2000};
inline constexpr std::size_t kVideoCacheBytes = 8 << 20;
inline constexpr std::size_t kListCacheBytes = 16 << 20;

struct NewVideo {
  std::string title, description;
  platform::uploads::ReceivedFile* file = nullptr;  // required
  platform::uploads::ReceivedFile* thumbnail = nullptr;
};

struct VideoPatch {
  std::optional<std::string> title, description;
  platform::uploads::ReceivedFile* thumbnail = nullptr;
};

enum class SortBy { kCreatedAt, kViews, kDuration, kTitle };

struct ListQuery {
  api::PageRequest page;
  std::optional<std::string> query;    // full-text over title and description
  std::optional<std::string> user_id;  // one channel's videos
  SortBy sort_by = SortBy::kCreatedAt;
  bool ascending = false;
};

// The key of a list's cached page: the query as validated, nothing else of the request.
std::string CacheKeyOf(const ListQuery& query);

struct VideoPage {
  std::vector<Video> videos;
  std::int64_t total = 0;
};

// The request's viewer, for counting a view.
struct Viewer {
  std::optional<std::string> user_id;
  std::string address, user_agent;
};

// The upload policy of the video file: MP4, WebM, QuickTime or Matroska by their bytes,
// at most 100 MB (413 as soon as the bytes pass it).
platform::uploads::FilePolicy VideoFilePolicy();

// For other modules, in their own transaction: the owner of a video `user_id` may see
// (published, or their own); nullopt when there is none.
std::optional<std::string> VisibleVideoOwner(platform::store::Connection& c,
                                             const std::string& video_id,
                                             const std::optional<std::string>& user_id);
// Keeps the video's likesCount with a like given (+1) or taken back (-1).
void CountLike(platform::store::Connection& c, const std::string& video_id, std::int64_t delta);
// The SELECT columns and FROM of a video with its owner (VideoFrom reads them), for modules
// that list videos (likes, playlists).
std::string VideoSelect();
Video VideoFrom(const platform::store::Row& row);

struct VideoPolicy {
  double max_duration_seconds = 2 * 3600;  // longer uploads are refused (422)
};

class VideosService {
 public:
  // `reads`: the freshness of every cached read of videos (this module's and the lists');
  // other modules that change what a video shows (likes, its owner's profile) invalidate it.
  VideosService(platform::store::Database& db, platform::blob::BlobStore& blobs,
                platform::WorkerPool& blocking, ViewWriter& views,
                platform::cache::Freshness& reads, VideoPolicy policy = {});

  boost::asio::awaitable<platform::Result<Video>> Create(const std::string& owner_id,
                                                         NewVideo input);
  // A published video, or the caller's own; counts the view (not the owner's).
  boost::asio::awaitable<platform::Result<Video>> Watch(const std::string& video_id,
                                                        const Viewer& viewer);
  // The same without counting (the stream route, edits).
  boost::asio::awaitable<platform::Result<Video>> Visible(
      const std::string& video_id, const std::optional<std::string>& user_id);
  boost::asio::awaitable<platform::Result<VideoPage>> List(ListQuery query);
  boost::asio::awaitable<platform::Result<Video>> Update(const std::string& user_id,
                                                         const std::string& video_id,
                                                         VideoPatch patch);
  boost::asio::awaitable<platform::Result<bool>> Delete(const std::string& user_id,
                                                        const std::string& video_id);
  boost::asio::awaitable<platform::Result<Video>> TogglePublish(const std::string& user_id,
                                                                const std::string& video_id);
  // Queues a failed (or never processed) video's ladder again: 409 in any other state.
  boost::asio::awaitable<platform::Result<Video>> Reprocess(const std::string& user_id,
                                                            const std::string& video_id);
  // Called after a transcode job is queued (the job runner's Wake, when this instance runs one).
  void OnEnqueued(std::function<void()> enqueued) { enqueued_ = std::move(enqueued); }
  boost::asio::awaitable<VideoPage> WatchHistory(const std::string& user_id, api::PageRequest page);
  // The owner's videos in every state, newest first (the dashboard).
  boost::asio::awaitable<VideoPage> OwnVideos(const std::string& user_id, api::PageRequest page);
  platform::cache::ReadCache<Video>::Stats CacheStats() const { return by_id_.stats(); }

  struct ChannelTotals {
    std::int64_t views = 0, likes = 0, videos = 0;
  };
  boost::asio::awaitable<ChannelTotals> Totals(const std::string& user_id);

 private:
  platform::store::Database& db_;
  platform::blob::BlobStore& blobs_;
  platform::WorkerPool& blocking_;
  ViewWriter& views_;
  platform::cache::Freshness& reads_;
  const VideoPolicy policy_;
  platform::cache::ReadCache<Video> by_id_;
  std::function<void()> enqueued_;  // every state: visibility is checked on the way out
};

}  // namespace viztube::videos
