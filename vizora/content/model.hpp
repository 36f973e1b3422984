#pragma once

// Content: uploaded media and URL content (API.md "Content"). An upload's bytes are a blob
// named by its SHA-256; processing adds what it found (dimensions, duration, pages…) and the
// files it made (thumbnail, page images, a table) before the status becomes ready or failed.

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/error.hpp"

namespace vizora::content {

namespace errors {
inline constexpr platform::ErrorKind kTooLarge{"CONTENT_002", 413};
inline constexpr platform::ErrorKind kUnsupportedType{"CONTENT_003", 415};
inline constexpr platform::ErrorKind kInUse{"CONFLICT_005", 409};
}  // namespace errors

inline constexpr std::size_t kMaxTitleBytes = 255;
inline constexpr std::size_t kMaxDescriptionBytes = 2000;
inline constexpr std::size_t kMaxTags = 20;
inline constexpr std::size_t kMaxTagBytes = 50;
inline constexpr std::size_t kMaxUrlBytes = 2048;
inline constexpr std::int64_t kMinRefreshSeconds = 10;
inline constexpr std::int64_t kMaxRefreshSeconds = 86'400;
// Thumbnails fit this square; page images of documents have this longer side.
inline constexpr int kThumbnailSide = 400;
inline constexpr int kPageImageSide = 1920;

// Statuses (upload_status).
inline constexpr std::string_view kProcessing = "processing";
inline constexpr std::string_view kReady = "ready";
inline constexpr std::string_view kFailed = "failed";

bool IsContentType(std::string_view type);
// webpage, dashboard, data_feed: a URL rather than a file.
bool IsUrlType(std::string_view type);

struct Content {
  std::string id, organization_id, type, title, description;
  std::vector<std::string> tags;
  std::string upload_status;
  std::optional<std::string> upload_error;
  std::optional<std::string> sha256, mime_type, original_filename, url;
  std::optional<std::int64_t> size, refresh_interval;
  boost::json::object metadata;  // what processing found
  bool has_thumbnail = false;
  std::optional<std::string> created_by;
  std::int64_t created_at = 0, updated_at = 0;
};

// API.md's `content`.
boost::json::object ToJson(const Content& content);

// Upload size limits: one default, and per type where configured.
struct UploadLimits {
  std::int64_t default_bytes = 100LL << 20;
  std::map<std::string, std::int64_t> per_type;
  std::int64_t For(std::string_view type) const;
  // The largest of them: what the upload route accepts before the type is known.
  std::int64_t Largest() const;
};

}  // namespace vizora::content
