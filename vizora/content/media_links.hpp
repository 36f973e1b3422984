#pragma once

// Links screens fetch media by: HMAC-signed, expiring, named by the bytes' SHA-256
// (`/api/v1/media/<sha256>.<ext>?expires=&sig=`), so any cache may keep them for good.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/store/database.hpp"
#include "vizora/content/model.hpp"

namespace vizora::content {

inline constexpr std::string_view kMediaPrefix = "/api/v1/media/";

std::string SignedMediaUrl(std::string_view sha256, std::string_view mime_type,
                           std::int64_t expires_at_seconds, std::string_view media_key);

// {file, thumbnail, pages[], table, feed}: signed links to whatever the item has.
boost::json::object MediaLinks(platform::store::Connection& c, const Content& content,
                               std::int64_t expires_at_seconds, std::string_view media_key);

// What a screen's manifest says of each live item among `ids` (in the caller's transaction):
// {id, type, title, url, refreshInterval, sha256, size, mimeType, metadata, media}.
boost::json::array ManifestContent(platform::store::Connection& c,
                                   const std::string& organization_id,
                                   const std::vector<std::string>& ids,
                                   std::int64_t expires_at_seconds, std::string_view media_key);

}  // namespace vizora::content
