#pragma once

// /api/v2/videos/* (VIZTUBE-API.md "Videos"), /api/v2/user/watch-history, and
// /api/v2/media/{key}: stored files. Images of users are public and immutable; a video's
// files are served only on a signed, expiring link (MediaLinks), with Range and ETag.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>

#include "platform/blob/blob_store.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/router.hpp"
#include "platform/uploads/resumable.hpp"
#include "viztube/transcoding/playlists.hpp"
#include "viztube/videos/videos_service.hpp"

namespace viztube::videos {

struct VideoRoutesContext {
  VideosService& videos;
  platform::blob::BlobStore& blobs;
  platform::WorkerPool& pool;
  const MediaLinks& links;
  // GET /api/v2/videos's answers, serialized, under VideosService's freshness.
  platform::cache::ReadCache<std::string>& list_pages;
  // tus uploads, which POST /videos takes as {title, description?, uploadId}.
  platform::uploads::ResumableUploads& resumable;
  // Videos one user may make (multipart or from a tus upload).
  platform::net::RateLimit uploads_per_user;
  // Whether the user likes the video (the likes module answers; set by the composition root).
  std::function<boost::asio::awaitable<bool>(const std::string& user_id,
                                             const std::string& video_id)>
      is_liked;
  // A video's caption tracks as subtitle renditions of its master playlist (the captions
  // module answers; none when unset).
  std::function<boost::asio::awaitable<std::vector<transcoding::SubtitleTrack>>(
      const std::string& video_id)>
      subtitles_of;
};

void AddVideoRoutes(platform::net::Router& router, VideoRoutesContext context);
// The tus upload routes' options: /api/v2/uploads, signed in, 100 MB, in `dir`, at most
// uploads_per_user begun.
platform::uploads::ResumableOptions VideoUploadOptions(std::filesystem::path dir,
                                                       std::chrono::seconds expire_after,
                                                       platform::net::RateLimit uploads_per_user);
void AddMediaRoutes(platform::net::Router& router, VideoRoutesContext context);

}  // namespace viztube::videos
