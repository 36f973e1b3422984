#pragma once

// Reading and writing content rows, shared by the service, the processor and delivery.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/store/database.hpp"
#include "vizora/content/model.hpp"

namespace vizora::content::detail {

inline constexpr std::string_view kContentColumns =
    "c.id, c.organization_id, c.type, c.title, c.description, c.tags, c.upload_status, "
    "c.upload_error, c.sha256, c.size, c.mime_type, c.original_filename, c.url, "
    "c.refresh_interval, c.metadata, c.created_by, c.created_at, c.updated_at, "
    "(SELECT COUNT(*) FROM content_files f WHERE f.content_id = c.id AND f.kind = 'thumbnail')";

Content ContentFrom(const platform::store::Row& row);
// A live (not deleted) content item of the organization.
std::optional<Content> FindContent(platform::store::Connection& c,
                                   const std::string& organization_id, const std::string& id);
// Replaces the item's tags (the JSON column and the index table).
void SetTags(platform::store::Connection& c, const Content& content,
             const std::vector<std::string>& tags);

// A file made from content (thumbnail, page, table, feed).
struct StoredFile {
  std::string sha256, mime_type;
  std::int64_t size = 0;
};
std::optional<StoredFile> FindFile(platform::store::Connection& c, const std::string& content_id,
                                   std::string_view kind, std::int64_t number);
void PutFile(platform::store::Connection& c, const std::string& content_id, std::string_view kind,
             std::int64_t number, const StoredFile& file);

}  // namespace vizora::content::detail
