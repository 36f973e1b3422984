#pragma once

// A video (VIZTUBE-API.md "Videos"): its row, and how it is shown.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "viztube/users/model.hpp"

namespace viztube::videos {

struct Video {
  std::string id, owner_id, title, description;
  std::string video_file, mime_type, thumbnail;  // object keys and the file's type
  std::int64_t size = 0;
  double duration = 0;
  std::int64_t width = 0, height = 0;
  std::string codec, status;
  bool is_published = true;
  std::int64_t views = 0;
  std::int64_t likes_count = 0;
  std::int64_t created_at = 0, updated_at = 0;
  // The HLS ladder (viztube/transcoding): none (uploaded before it existed), queued, running,
  // ready or failed; the renditions as JSON; the master playlist's key once one rung is in.
  std::string processing_state = "none";
  std::int64_t processing_percent = 0;
  std::optional<std::string> processing_error, hls_master;
  std::string renditions = "[]";
  users::User owner;  // filled where the query joins it
};

// Signs media links: "/api/v2/media/<key>?expires=…&sig=…" (platform/auth/signed_url.hpp).
class MediaLinks {
 public:
  explicit MediaLinks(std::string key) : key_(std::move(key)) {}
  // Valid for at least kLinkSeconds and ending on an hour boundary, so a link (and caches of
  // what it names) stays the same for an hour.
  std::string For(const std::string& object_key, std::int64_t now_ms) const;
  // The signature of a media request: whether `key` may be served.
  bool Verify(const std::string& object_key, std::string_view expires, std::string_view signature,
              std::int64_t now_ms) const;
  static constexpr std::int64_t kLinkSeconds = 6 * 3600;

 private:
  const std::string key_;
};

// The contract's video: ids, texts, duration (seconds), views, status, isPublished, signed
// videoFileUrl and thumbnailUrl (and hlsUrl once a rung is ready), processing {state,
// percent, error?, renditions: [{height, width, state}]}, owner {id, username, fullname,
// avatar}, times.
boost::json::object ToJson(const Video& video, const MediaLinks& links, std::int64_t now_ms);

}  // namespace viztube::videos
