#include "vizora/content/content_routes.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <charconv>
#include <memory>

#include "platform/auth/signed_url.hpp"
#include "platform/core/clock.hpp"
#include "platform/net/file_response.hpp"
#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/net/pagination.hpp"
#include "platform/net/static_files.hpp"
#include "vizora/content/media_links.hpp"
#include "vizora/content/upload.hpp"
#include "vizora/devices/device_routes.hpp"
#include "vizora/identity/identity_routes.hpp"

namespace vizora::content {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using identity::MetaOf;
using identity::PrincipalOf;
using platform::Error;
using platform::Result;

namespace {

constexpr std::size_t kMaxJsonBodyBytes = 64 * 1024;
// Multipart framing and the form's small fields, beside the file itself.
constexpr std::int64_t kFormOverheadBytes = 1 << 20;
constexpr std::int64_t kDefaultFeedRefreshSeconds = 300;
// Screens' media links live this long; manifests are refreshed well before.
constexpr std::int64_t kMediaUrlSeconds = 24 * 3600;

const net::StringRule kTitleRule{.max_bytes = kMaxTitleBytes};
const net::StringRule kDescriptionRule{
    .required = false, .max_bytes = kMaxDescriptionBytes, .allow_empty = true};
const net::StringRule kTagRule{.max_bytes = kMaxTagBytes};

// Trimmed, non-empty, unique, within the limits.
Result<std::vector<std::string>> CleanTags(const std::vector<std::string>& raw) {
  std::vector<std::string> tags;
  for (std::string tag : raw) {
    const auto first = tag.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    tag = tag.substr(first, tag.find_last_not_of(" \t") - first + 1);
    if (tag.size() > kMaxTagBytes) return net::FieldError("tags", "a tag is at most 50 bytes");
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
  }
  if (tags.size() > kMaxTags) return net::FieldError("tags", "at most 20 tags");
  return tags;
}

std::vector<std::string> SplitCommas(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// What a browser's address bar does to characters RFC 3986 leaves out of paths and queries
// ("?ids=[1,2]", "|", a space, UTF-8): percent-encoded, after the host (where "[" starts an
// IPv6 address). Control characters stay, for the parser to refuse.
std::string EncodeLikeABrowser(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto authority_end =
      scheme_end == std::string_view::npos ? 0 : url.find_first_of("/?#", scheme_end + 3);
  if (authority_end == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, authority_end));
  for (const char c : url.substr(authority_end)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte > 0x7f || std::string_view(" \"<>[\\]^`{|}").find(c) != std::string_view::npos) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// http(s) with a host and a real port; javascript:, data:, file: and the rest are refused.
// Returns the URL as it will be fetched (see EncodeLikeABrowser).
Result<std::string> CheckUrl(std::string_view field, const std::string& url) {
  std::string encoded = EncodeLikeABrowser(url);
  auto parsed = boost::urls::parse_absolute_uri(encoded);
  if (!parsed) return net::FieldError(field, "not an absolute URL");
  const std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") {
    return net::FieldError(field, "only http and https URLs");
  }
  if (parsed->host().empty()) return net::FieldError(field, "the URL has no host");
  if (parsed->has_port()) {
    const std::string_view port = parsed->port();
    unsigned number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (!port.empty() &&
        (ec != std::errc() || end != port.data() + port.size() || number < 1 || number > 65535)) {
      return net::FieldError(field, "the URL's port must be 1 to 65535");
    }
  }
  return encoded;
}

std::string TitleFromFilename(const std::string& filename) {
  std::string stem = std::filesystem::path(filename).stem().string();
  if (stem.empty()) stem = "Untitled";
  if (stem.size() > kMaxTitleBytes) stem.resize(kMaxTitleBytes);
  return stem;
}

Result<NewContent> LinkFromJson(const json::object& body) {
  RESULT_TRY(type, net::StringField(body, "type", {.max_bytes = 32}));
  if (!IsUrlType(**type)) {
    return net::FieldError("type",
                           "one of webpage, dashboard, data_feed (files are uploaded "
                           "as multipart/form-data)");
  }
  RESULT_TRY(title, net::StringField(body, "title", kTitleRule));
  RESULT_TRY(description, net::StringField(body, "description", kDescriptionRule));
  RESULT_TRY(url, net::StringField(body, "url", {.max_bytes = kMaxUrlBytes}));
  RESULT_TRY(checked, CheckUrl("url", **url));
  RESULT_TRY(refresh,
             net::IntField(body, "refreshInterval", kMinRefreshSeconds, kMaxRefreshSeconds));
  RESULT_TRY(tags, net::StringArrayField(body, "tags", kMaxTags, kTagRule));
  RESULT_TRY(clean, CleanTags(tags->value_or(std::vector<std::string>{})));
  NewContent input{.type = **type,
                   .title = **title,
                   .description = description->value_or(""),
                   .tags = std::move(*clean),
                   .url = std::move(*checked),
                   .refresh_interval = *refresh};
  if (input.type == "data_feed" && !input.refresh_interval) {
    input.refresh_interval = kDefaultFeedRefreshSeconds;
  }
  return input;
}

Result<NewContent> UploadToContent(const ReceivedUpload& upload) {
  const auto field = [&](const char* name) -> std::optional<std::string> {
    const auto it = upload.fields.find(name);
    return it == upload.fields.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  std::string title = field("title").value_or("");
  if (title.empty()) title = TitleFromFilename(upload.filename);
  if (title.size() > kMaxTitleBytes) return net::FieldError("title", "at most 255 bytes");
  const std::string description = field("description").value_or("");
  if (description.size() > kMaxDescriptionBytes) {
    return net::FieldError("description", "at most 2000 bytes");
  }
  RESULT_TRY(tags, CleanTags(SplitCommas(field("tags").value_or(""))));
  return NewContent{.type = std::string(upload.accepted.content_type),
                    .title = std::move(title),
                    .description = description,
                    .tags = std::move(*tags),
                    .sha256 = upload.blob.sha256,
                    .mime_type = std::string(upload.accepted.mime),
                    .original_filename = upload.filename.substr(0, 255),
                    .size = static_cast<std::int64_t>(upload.blob.size)};
}

// A JSON body read from a streamed route.
awaitable<Result<json::object>> ReadJsonBody(net::Request& r) {
  while (auto piece = co_await r.body_stream->Next()) {
    if (r.body.size() + piece->size() > kMaxJsonBodyBytes) {
      co_return Error(platform::errors::kPayloadTooLarge, "request body too large",
                      {{"maxBytes", kMaxJsonBodyBytes}});
    }
    r.body.append(*piece);
  }
  co_return net::ParseJsonObject(r);
}

Result<ContentFilter> FilterOf(const net::Request& r) {
  ContentFilter filter{.type = r.Query("type"),
                       .tag = r.Query("tag"),
                       .status = r.Query("status"),
                       .search = r.Query("q")};
  if (filter.type && !IsContentType(*filter.type)) return net::FieldError("type", "unknown type");
  if (filter.status && *filter.status != kProcessing && *filter.status != kReady &&
      *filter.status != kFailed) {
    return net::FieldError("status", "one of processing, ready, failed");
  }
  if (filter.search && filter.search->size() > 100) return net::FieldError("q", "too long");
  if (filter.tag && filter.tag->size() > kMaxTagBytes) return net::FieldError("tag", "too long");
  if (const auto ids = r.Query("ids")) {
    filter.ids.emplace();
    for (std::size_t start = 0; start <= ids->size();) {
      const auto comma = std::min(ids->find(',', start), ids->size());
      const std::string id(ids->substr(start, comma - start));
      if (id.empty() || id.size() > 64) return net::FieldError("ids", "comma-separated ids");
      filter.ids->push_back(id);
      start = comma + 1;
    }
    if (filter.ids->size() > static_cast<std::size_t>(net::kMaxPageSize)) {
      return net::FieldError("ids", "at most 200");
    }
  }
  return filter;
}

Result<ContentPatch> PatchOf(const json::object& body) {
  ContentPatch patch;
  RESULT_TRY(title,
             net::StringField(body, "title", {.required = false, .max_bytes = kMaxTitleBytes}));
  RESULT_TRY(description, net::StringField(body, "description", kDescriptionRule));
  RESULT_TRY(url, net::StringField(body, "url", {.required = false, .max_bytes = kMaxUrlBytes}));
  RESULT_TRY(tags, net::StringArrayField(body, "tags", kMaxTags, kTagRule));
  RESULT_TRY(refresh,
             net::IntField(body, "refreshInterval", kMinRefreshSeconds, kMaxRefreshSeconds));
  patch.title = *title;
  patch.description = *description;
  if (*url) {
    RESULT_TRY(checked, CheckUrl("url", **url));
    patch.url = *checked;
  }
  if (*tags) {
    RESULT_TRY(clean, CleanTags(**tags));
    patch.tags = std::move(*clean);
  }
  patch.set_refresh_interval = body.contains("refreshInterval");
  patch.refresh_interval = *refresh;
  return patch;
}

Result<std::int64_t> PageNumber(std::string_view text) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1) {
    return Error(platform::errors::kNotFound, "no such page");
  }
  return n;
}

constexpr int kDirectLinkSeconds = 600;

// A blob as an HTTP response (Range, ETag; the sha256 is the ETag): from its file when the
// store has one (sendfile-friendly), else read piece by piece through the store (S3).
awaitable<net::Response> ServeBlob(const net::Request& r, ContentRoutesOptions& options,
                                   std::string sha256, std::string_view content_type,
                                   std::string cache_control) {
  // Or a redirect to where the store serves it itself (S3 with delivery=redirect): the link
  // lasts kDirectLinkSeconds, and the redirect is kept by the browser for less.
  std::optional<std::string> direct = co_await options.pool.Call(
      [&] { return options.blobs.DirectBlobUrl(sha256, content_type, kDirectLinkSeconds); });
  if (direct) {
    auto redirect = net::Response::Found(std::move(*direct));
    redirect.AddHeader("Cache-Control",
                       "private, max-age=" + std::to_string(kDirectLinkSeconds / 2));
    co_return redirect;
  }
  // One trip to the pool: where the blob is and how large (a blob store stat).
  auto found = co_await options.pool.Call([&]() -> std::optional<net::FileToServe> {
    if (auto path = options.blobs.LocalPath(sha256)) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(*path, ec);
      if (ec) return std::nullopt;
      return net::FileToServe{.path = std::move(*path), .size = size};
    }
    // Opening learns the size too: one request to S3, not a stat and then an open.
    std::shared_ptr<platform::blob::BlobReader> reader = options.blobs.OpenBlob(sha256);
    if (!reader) return std::nullopt;
    return net::FileToServe{.read = [reader](std::uint64_t offset,
                                             std::size_t max) { return reader->Read(offset, max); },
                            .size = reader->size()};
  });
  if (!found)
    co_return net::Response::FromError(Error(platform::errors::kNotFound, "no such file"));
  found->etag = "\"" + sha256 + "\"";
  found->content_type = content_type;
  found->cache_control = std::move(cache_control);
  co_return net::ServeFile(r, std::move(*found), options.pool);
}

}  // namespace

void AddContentRoutes(net::Router& router, ContentService& service, ContentRoutesOptions options) {
  auto shared = std::make_shared<ContentRoutesOptions>(std::move(options));

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/content",
       .handler = [&service, shared](net::Request& r) -> awaitable<net::Response> {
         const std::string_view type = r.Header("Content-Type");
         if (type.starts_with("application/json")) {
           NET_TRY(body, co_await ReadJsonBody(r));
           NET_TRY(input, LinkFromJson(*body));
           NET_TRY(content, co_await service.Create(PrincipalOf(r), std::move(*input), MetaOf(r)));
           co_return net::Response::Json(201, json::object{{"content", ToJson(*content)}});
         }
         const UploadContext context{shared->blobs, shared->pool, shared->limits};
         NET_TRY(upload, co_await ReceiveUpload(r, context));
         Result<NewContent> input = UploadToContent(*upload);
         Result<Content> content = input.error();
         if (input) content = co_await service.Create(PrincipalOf(r), std::move(*input), MetaOf(r));
         if (!content) {
           // The blob of an upload that did not become a row goes, unless a row uses it.
           const std::string sha256 = upload->blob.sha256;
           if (!co_await service.IsBlobUsed(sha256)) {
             co_await shared->pool.Run([&] { shared->blobs.Remove(sha256); });
           }
           co_return net::Response::FromError(content.error());
         }
         co_return net::Response::Json(201, json::object{{"content", ToJson(*content)}});
       },
       .summary = "Upload a file (multipart/form-data) or add a web page, dashboard or data feed "
                  "(JSON)",
       .max_body_bytes = static_cast<std::size_t>(shared->limits.Largest() + kFormOverheadBytes),
       .too_large_error = errors::kTooLarge,
       .stream_body = true,
       .access = "manager"});

  router.Add(
      {.method = net::Method::kGet,
       .pattern = "/api/v1/content",
       .handler = [&service](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(page, net::ParsePageRequest(r));
         NET_TRY(filter, FilterOf(r));
         const ContentPage found = co_await service.List(PrincipalOf(r), std::move(*filter), *page);
         json::array items;
         for (const auto& c : found.items) items.push_back(ToJson(c));
         co_return net::Response::Json(200, net::PageJson(std::move(items), found.next_cursor));
       },
       .summary = "The content library (?type=&tag=&status=&q=)",
       .access = "viewer"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/content/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(content,
                        co_await service.Get(PrincipalOf(r), std::string(r.PathParam("id"))));
                co_return net::Response::Json(200, json::object{{"content", ToJson(*content)}});
              },
              .summary = "One content item",
              .access = "viewer"});

  router.Add({.method = net::Method::kPatch,
              .pattern = "/api/v1/content/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(patch, PatchOf(*body));
                NET_TRY(content,
                        co_await service.Update(PrincipalOf(r), std::string(r.PathParam("id")),
                                                std::move(*patch), MetaOf(r)));
                co_return net::Response::Json(200, json::object{{"content", ToJson(*content)}});
              },
              .summary = "Change title, description, tags, or a URL content's address",
              .max_body_bytes = kMaxJsonBodyBytes,
              .access = "manager"});

  router.Add({.method = net::Method::kDelete,
              .pattern = "/api/v1/content/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                const bool force = r.Query("force").value_or("") == "true";
                NET_TRY(deleted,
                        co_await service.Delete(PrincipalOf(r), std::string(r.PathParam("id")),
                                                force, MetaOf(r)));
                co_return net::Response::NoContent();
              },
              .summary = "Delete content (409 while a playlist uses it, unless ?force=true)",
              .access = "manager"});

  // Files of an item, for dashboards: private, revalidated by ETag.
  struct FileRoute {
    const char* pattern;
    const char* kind;
    const char* summary;
  };
  for (const FileRoute route :
       {FileRoute{"/api/v1/content/{id}/file", "file", "The uploaded file (Range, ETag)"},
        FileRoute{"/api/v1/content/{id}/thumbnail", "thumbnail", "The thumbnail (JPEG)"},
        FileRoute{"/api/v1/content/{id}/table", "table",
                  "A spreadsheet as {columns, rows, truncated}"},
        FileRoute{"/api/v1/content/{id}/feed", "feed", "A data feed's last good copy"},
        FileRoute{"/api/v1/content/{id}/pages/{n}", "page", "Page n of a document, as an image"}}) {
    const std::string kind = route.kind;
    router.Add(
        {.method = net::Method::kGet,
         .pattern = route.pattern,
         .handler = [&service, shared, kind](net::Request& r) -> awaitable<net::Response> {
           std::int64_t number = 0;
           if (kind == "page") {
             NET_TRY(n, PageNumber(r.PathParam("n")));
             number = *n;
           }
           NET_TRY(file, co_await service.FileOf(PrincipalOf(r).organization_id,
                                                 std::string(r.PathParam("id")), kind, number));
           // Named locals: GCC 12 mishandles temporaries inside a co_await expression.
           std::string sha256 = file->sha256, cache = "private, no-cache";
           const std::string_view type = ServedMimeType(file->mime_type);
           co_return co_await ServeBlob(r, *shared, std::move(sha256), type, std::move(cache));
         },
         .summary = route.summary,
         .access = "viewer"});
  }

  // Files for screens: the signed link is the permission, and a name that is the bytes' hash
  // never changes what it serves, so caches keep it for good.
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/media/{name}",
              .handler = [shared](net::Request& r) -> awaitable<net::Response> {
                const std::string name(r.PathParam("name"));
                const std::string path = std::string(kMediaPrefix) + name;
                const auto expires = r.Query("expires").value_or("");
                const auto signature = r.Query("sig").value_or("");
                if (!platform::auth::VerifySignedUrl(path, expires, signature, shared->media_key,
                                                     platform::NowMillis() / 1000)) {
                  co_return net::Response::FromError(
                      Error(platform::errors::kForbidden, "the link is invalid or has expired"));
                }
                const std::string sha256 = name.substr(0, name.find('.'));
                std::string cache = "public, max-age=31536000, immutable";
                const std::string_view type = net::ContentTypeFor(name);
                co_return co_await ServeBlob(r, *shared, sha256, type, std::move(cache));
              },
              .summary = "A media file by its signed link (screens)"});

  // What a screen needs to show one item: its facts and signed links to its files.
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/device/content/{id}",
              .handler = [&service, shared](net::Request& r) -> awaitable<net::Response> {
                const auto& device = devices::DeviceOf(r);
                const identity::Principal as_device{.organization_id = device.organization_id};
                const std::string id(r.PathParam("id"));
                NET_TRY(content, co_await service.Get(as_device, id));
                const std::int64_t expires = platform::NowMillis() / 1000 + kMediaUrlSeconds;
                json::object links = co_await service.LinksOf(*content, expires, shared->media_key);
                co_return net::Response::Json(
                    200, json::object{{"content", ToJson(*content)}, {"links", std::move(links)}});
              },
              .summary = "A content item with signed links to its files (device token)",
              .access = "device"});
}

}  // namespace vizora::content
