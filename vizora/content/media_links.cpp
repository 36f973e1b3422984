#include "vizora/content/media_links.hpp"

#include "platform/auth/signed_url.hpp"
#include "vizora/content/accepted_types.hpp"
#include "vizora/content/detail/rows.hpp"

namespace vizora::content {

namespace json = boost::json;
using platform::store::Connection;

std::string SignedMediaUrl(std::string_view sha256, std::string_view mime_type,
                           std::int64_t expires_at_seconds, std::string_view media_key) {
  const std::string path =
      std::string(kMediaPrefix) + std::string(sha256) + "." + std::string(ExtensionOf(mime_type));
  return platform::auth::SignUrl(path, expires_at_seconds, media_key);
}

json::object MediaLinks(Connection& c, const Content& content, std::int64_t expires,
                        std::string_view key) {
  json::object links;
  if (content.sha256) {
    links["file"] = SignedMediaUrl(*content.sha256, content.mime_type.value_or(""), expires, key);
  }
  json::array pages;
  for (const auto& r :
       c.Query("SELECT kind, sha256, mime_type FROM content_files WHERE content_id = $1 ORDER BY "
               "kind, number",
               {content.id})) {
    const std::string url = SignedMediaUrl(r.Text(1), r.Text(2), expires, key);
    if (r.Text(0) == "page") {
      pages.emplace_back(url);
    } else {
      links[r.Text(0)] = url;
    }
  }
  if (!pages.empty()) links["pages"] = std::move(pages);
  return links;
}

json::array ManifestContent(Connection& c, const std::string& organization_id,
                            const std::vector<std::string>& ids, std::int64_t expires,
                            std::string_view key) {
  json::array out;
  for (const auto& id : ids) {
    const auto content = detail::FindContent(c, organization_id, id);
    if (!content) continue;
    json::object entry{{"id", content->id},
                       {"type", content->type},
                       {"title", content->title},
                       {"metadata", content->metadata},
                       {"media", MediaLinks(c, *content, expires, key)}};
    if (content->url) {
      entry["url"] = *content->url;
      entry["refreshInterval"] = content->refresh_interval ? json::value(*content->refresh_interval)
                                                           : json::value(nullptr);
    }
    if (content->sha256) {
      entry["sha256"] = *content->sha256;
      entry["size"] = content->size.value_or(0);
      entry["mimeType"] = content->mime_type.value_or("");
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace vizora::content
