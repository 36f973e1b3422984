#include "vizora/content/model.hpp"

#include <algorithm>
#include <array>

#include "platform/core/clock.hpp"

namespace vizora::content {

namespace json = boost::json;

namespace {
constexpr std::array<std::string_view, 8> kTypes = {
    "image", "video", "pdf", "ppt", "spreadsheet", "webpage", "dashboard", "data_feed"};

json::value OrNull(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value OrNull(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
}  // namespace

bool IsContentType(std::string_view type) {
  return std::find(kTypes.begin(), kTypes.end(), type) != kTypes.end();
}

bool IsUrlType(std::string_view type) {
  return type == "webpage" || type == "dashboard" || type == "data_feed";
}

json::object ToJson(const Content& c) {
  json::array tags;
  for (const auto& t : c.tags) tags.emplace_back(t);
  json::object metadata = c.metadata;
  if (c.sha256) {
    metadata["size"] = OrNull(c.size);
    metadata["mimeType"] = OrNull(c.mime_type);
    metadata["sha256"] = *c.sha256;
    metadata["originalFilename"] = OrNull(c.original_filename);
  }
  if (c.url) {
    metadata["url"] = *c.url;
    metadata["refreshInterval"] = OrNull(c.refresh_interval);
  }
  const std::string base = "/api/v1/content/" + c.id;
  return {{"id", c.id},
          {"type", c.type},
          {"title", c.title},
          {"description", c.description},
          {"tags", std::move(tags)},
          {"uploadStatus", c.upload_status},
          {"uploadError", OrNull(c.upload_error)},
          {"source", c.url ? json::value(*c.url) : json::value(base + "/file")},
          {"thumbnail", c.has_thumbnail ? json::value(base + "/thumbnail") : json::value(nullptr)},
          {"metadata", std::move(metadata)},
          {"createdBy", OrNull(c.created_by)},
          {"createdAt", platform::FormatIso8601(c.created_at)},
          {"updatedAt", platform::FormatIso8601(c.updated_at)}};
}

std::int64_t UploadLimits::For(std::string_view type) const {
  const auto it = per_type.find(std::string(type));
  return it == per_type.end() ? default_bytes : it->second;
}

std::int64_t UploadLimits::Largest() const {
  std::int64_t largest = default_bytes;
  for (const auto& [type, bytes] : per_type) largest = std::max(largest, bytes);
  return largest;
}

}  // namespace vizora::content
