#pragma once

// Captions (issue 18): a WebVTT file per video and language, uploaded by the video's owner,
// listed beside the video and offered to players as subtitle renditions of its HLS master
// playlist. Each upload is stored under a new name (so a replaced file is never served from
// a cache under the old one) with its one-segment subtitle playlist; the row is written
// after the files and the replaced files are removed after the row, so a failure anywhere
// leaves either the old track or the new, never a row without its files.
// Routes: /api/v2/videos/{videoId}/captions[/{language}].

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/blob/blob_store.hpp"
#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "platform/uploads/form_upload.hpp"
#include "viztube/transcoding/playlists.hpp"
#include "viztube/videos/model.hpp"

namespace viztube::captions {

inline constexpr std::int64_t kMaxCaptionBytes = 1 << 20;
inline constexpr std::size_t kMaxLabelChars = 64;
inline constexpr std::size_t kMaxTracksPerVideo = 30;

struct Caption {
  std::string video_id, language, label;
  std::string vtt_key, playlist_key;  // objects under videos/<id>/captions/
  std::int64_t bytes = 0, cues = 0, created_at = 0;
};

struct NewCaption {
  std::string language, label;  // as sent: checked by Put
  platform::uploads::ReceivedFile* file = nullptr;
};

// A BCP 47 tag as players match it ("en", "pt-BR", "zh-Hant"): its canonical case, or the
// 400 naming the field.
platform::Result<std::string> CheckLanguage(std::string_view tag);

class CaptionsService {
 public:
  CaptionsService(platform::store::Database& db, platform::blob::BlobStore& blobs,
                  platform::WorkerPool& blocking)
      : db_(db), blobs_(blobs), blocking_(blocking) {}

  struct Stored {
    Caption caption;
    bool replaced = false;  // the language had a track, now this one
  };
  // Whether `user_id` may change the video's captions: 404 or 403 otherwise. Asked before an
  // upload is read, so a stranger's file is refused unread.
  boost::asio::awaitable<platform::Result<bool>> MayChange(const std::string& user_id,
                                                           const std::string& video_id);
  // The owner's new track for a language (replacing the one it had).
  boost::asio::awaitable<platform::Result<Stored>> Put(const std::string& user_id,
                                                       const std::string& video_id,
                                                       NewCaption input);
  // The tracks of a video `viewer` may see, by language.
  boost::asio::awaitable<platform::Result<std::vector<Caption>>> List(
      const std::string& video_id, const std::optional<std::string>& viewer);
  boost::asio::awaitable<platform::Result<bool>> Delete(const std::string& user_id,
                                                        const std::string& video_id,
                                                        const std::string& language);
  // For the master playlist of a video already found visible: its subtitle renditions.
  boost::asio::awaitable<std::vector<transcoding::SubtitleTrack>> Subtitles(
      const std::string& video_id, const videos::MediaLinks& links);

 private:
  platform::store::Database& db_;
  platform::blob::BlobStore& blobs_;
  platform::WorkerPool& blocking_;
};

// {language, label, url (signed link to the WebVTT file), cues, bytes, createdAt}
boost::json::object ToJson(const Caption& caption, const videos::MediaLinks& links,
                           std::int64_t now_ms);

struct CaptionRoutesContext {
  CaptionsService& captions;
  platform::blob::BlobStore& blobs;
  platform::WorkerPool& pool;
  const videos::MediaLinks& links;
};

void AddCaptionRoutes(platform::net::Router& router, CaptionRoutesContext context);

}  // namespace viztube::captions
