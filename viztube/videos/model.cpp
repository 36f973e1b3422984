#include "viztube/videos/model.hpp"

#include <boost/json/parse.hpp>

#include "platform/auth/signed_url.hpp"
#include "platform/core/clock.hpp"

namespace viztube::videos {

namespace {
constexpr std::int64_t kHourSeconds = 3600;
}  // namespace

std::string MediaLinks::For(const std::string& object_key, std::int64_t now_ms) const {
  const std::int64_t expires =
      (now_ms / 1000 + kLinkSeconds + kHourSeconds) / kHourSeconds * kHourSeconds;
  return platform::auth::SignUrl(users::MediaUrl(object_key), expires, key_);
}

bool MediaLinks::Verify(const std::string& object_key, std::string_view expires,
                        std::string_view signature, std::int64_t now_ms) const {
  return platform::auth::VerifySignedUrl(users::MediaUrl(object_key), expires, signature, key_,
                                         now_ms / 1000);
}

namespace {

boost::json::object ProcessingJson(const Video& v) {
  boost::json::value renditions;
  try {
    renditions = boost::json::parse(v.renditions);
  } catch (const std::exception&) {
    renditions = boost::json::array();  // a column written by a newer version, unreadable
  }
  if (!renditions.is_array()) renditions = boost::json::array();
  boost::json::object out{{"state", v.processing_state},
                          {"percent", v.processing_percent},
                          {"renditions", std::move(renditions)}};
  if (v.processing_error) out["error"] = *v.processing_error;
  return out;
}

}  // namespace

boost::json::object ToJson(const Video& v, const MediaLinks& links, std::int64_t now_ms) {
  boost::json::object out{{"id", v.id},
                          {"title", v.title},
                          {"description", v.description},
                          {"duration", v.duration},
                          {"views", v.views},
                          {"likesCount", v.likes_count},
                          {"status", v.status},
                          {"isPublished", v.is_published},
                          {"videoFileUrl", links.For(v.video_file, now_ms)},
                          {"thumbnailUrl", links.For(v.thumbnail, now_ms)},
                          {"width", v.width},
                          {"height", v.height},
                          {"owner", users::OwnerJson(v.owner)},
                          {"createdAt", platform::FormatIso8601(v.created_at)},
                          {"updatedAt", platform::FormatIso8601(v.updated_at)},
                          {"processing", ProcessingJson(v)}};
  if (v.hls_master) out["hlsUrl"] = links.For(*v.hls_master, now_ms);
  return out;
}

}  // namespace viztube::videos
