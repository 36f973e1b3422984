#include "vizora/content/detail/rows.hpp"

#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/store/json_columns.hpp"

namespace vizora::content::detail {

namespace json = boost::json;
using platform::store::Connection;

Content ContentFrom(const platform::store::Row& row) {
  Content c;
  c.id = row.Text(0);
  c.organization_id = row.Text(1);
  c.type = row.Text(2);
  c.title = row.Text(3);
  c.description = row.Text(4);
  for (const auto& t : platform::store::JsonArrayColumn(row, 5).value_or(json::array{})) {
    if (t.is_string()) c.tags.emplace_back(t.as_string());
  }
  c.upload_status = row.Text(6);
  c.upload_error = row.OptText(7);
  c.sha256 = row.OptText(8);
  c.size = row.OptInt(9);
  c.mime_type = row.OptText(10);
  c.original_filename = row.OptText(11);
  c.url = row.OptText(12);
  c.refresh_interval = row.OptInt(13);
  c.metadata = platform::store::JsonObjectColumn(row, 14).value_or(json::object{});
  c.created_by = row.OptText(15);
  c.created_at = row.Int(16);
  c.updated_at = row.Int(17);
  c.has_thumbnail = row.Int(18) > 0;
  return c;
}

std::optional<Content> FindContent(Connection& c, const std::string& organization_id,
                                   const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows = c.Query("SELECT " + std::string(kContentColumns) +
                                " FROM contents c WHERE c.id = $1 AND c.organization_id = $2 "
                                "AND c.deleted_at IS NULL",
                            {id, organization_id});
  if (rows.empty()) return std::nullopt;
  return ContentFrom(rows[0]);
}

void SetTags(Connection& c, const Content& content, const std::vector<std::string>& tags) {
  json::array list;
  for (const auto& t : tags) list.emplace_back(t);
  c.Execute("UPDATE contents SET tags = $1 WHERE id = $2", {json::serialize(list), content.id});
  c.Execute("DELETE FROM content_tags WHERE content_id = $1", {content.id});
  for (const auto& t : tags) {
    c.Execute(
        "INSERT INTO content_tags (content_id, organization_id, tag) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING",
        {content.id, content.organization_id, t});
  }
}

std::optional<StoredFile> FindFile(Connection& c, const std::string& content_id,
                                   std::string_view kind, std::int64_t number) {
  const auto rows = c.Query(
      "SELECT sha256, mime_type, size FROM content_files WHERE content_id = $1 AND kind = $2 "
      "AND number = $3",
      {content_id, std::string(kind), number});
  if (rows.empty()) return std::nullopt;
  return StoredFile{rows[0].Text(0), rows[0].Text(1), rows[0].Int(2)};
}

void PutFile(Connection& c, const std::string& content_id, std::string_view kind,
             std::int64_t number, const StoredFile& file) {
  c.Execute(
      "INSERT INTO content_files (content_id, kind, number, sha256, size, mime_type) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (content_id, kind, number) DO UPDATE SET "
      "sha256 = excluded.sha256, size = excluded.size, mime_type = excluded.mime_type",
      {content_id, std::string(kind), number, file.sha256, file.size, file.mime_type});
}

}  // namespace vizora::content::detail
