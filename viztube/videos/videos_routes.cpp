#include "viztube/videos/videos_routes.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/net/file_response.hpp"
#include "platform/net/json_fields.hpp"
#include "viztube/api/envelope.hpp"
#include "viztube/transcoding/playlists.hpp"
#include "viztube/users/images.hpp"
#include "viztube/users/users_routes.hpp"

namespace viztube::videos {

namespace net = platform::net;
namespace json = boost::json;
using api::Ok;
using boost::asio::awaitable;
using platform::Error;

namespace {

// A video, a thumbnail and the form's fields.
constexpr std::size_t kMaxUploadBodyBytes = kMaxVideoBytes + users::kMaxImageBytes + 64 * 1024;
constexpr std::size_t kMaxPatchBodyBytes = users::kMaxImageBytes + 64 * 1024;
constexpr std::size_t kMaxJsonBodyBytes = 64 * 1024;

json::array Docs(const std::vector<Video>& videos, const MediaLinks& links) {
  const std::int64_t now = platform::NowMillis();
  json::array docs;
  docs.reserve(videos.size());
  for (const auto& v : videos) docs.push_back(ToJson(v, links, now));
  return docs;
}

// The whole body of a streamed route that turned out to be JSON.
awaitable<platform::Result<json::object>> JsonOfStream(net::Request& r) {
  std::string body;
  while (auto piece = co_await r.body_stream->Next()) {
    body.append(*piece);
    if (body.size() > kMaxJsonBodyBytes) {
      co_return Error(platform::errors::kPayloadTooLarge, "this JSON body is too large");
    }
  }
  r.body = std::move(body);
  co_return net::ParseJsonObject(r);
}

platform::Result<ListQuery> ListQueryOf(const net::Request& r) {
  auto page = api::PageOf(r);
  if (!page) return page.error();
  ListQuery q{.page = *page, .query = r.Query("query"), .user_id = r.Query("userId")};
  if (q.query && q.query->size() > 200) return net::FieldError("query", "at most 200 characters");
  // Only these names reach the ORDER BY, by a fixed mapping: nothing of the query string does.
  if (const auto by = r.Query("sortBy")) {
    if (*by == "createdAt") {
      q.sort_by = SortBy::kCreatedAt;
    } else if (*by == "views") {
      q.sort_by = SortBy::kViews;
    } else if (*by == "duration") {
      q.sort_by = SortBy::kDuration;
    } else if (*by == "title") {
      q.sort_by = SortBy::kTitle;
    } else {
      return net::FieldError("sortBy", "one of createdAt, views, duration, title");
    }
  }
  if (const auto type = r.Query("sortType")) {
    if (*type != "asc" && *type != "desc") return net::FieldError("sortType", "asc or desc");
    q.ascending = *type == "asc";
  }
  return q;
}

std::string_view ContentTypeOfKey(std::string_view key) {
  if (key.ends_with(".jpg")) return "image/jpeg";
  if (key.ends_with(".mp4")) return "video/mp4";
  if (key.ends_with(".webm")) return "video/webm";
  if (key.ends_with(".mov")) return "video/quicktime";
  if (key.ends_with(".mkv")) return "video/x-matroska";
  if (key.ends_with(".ts")) return "video/mp2t";
  if (key.ends_with(".vtt")) return "text/vtt; charset=utf-8";
  return "application/octet-stream";
}

constexpr std::string_view kPlaylistType = "application/vnd.apple.mpegurl";
constexpr std::size_t kMaxPlaylistBytes = 4 << 20;

// "videos/<id>/hls/master.m3u8" → <id>: the playlists that list a video's captions.
std::optional<std::string> VideoOfMaster(std::string_view key) {
  constexpr std::string_view kPrefix = "videos/", kSuffix = "/hls/master.m3u8";
  if (!key.starts_with(kPrefix) || !key.ends_with(kSuffix)) return std::nullopt;
  const auto id = key.substr(kPrefix.size(), key.size() - kPrefix.size() - kSuffix.size());
  if (!platform::IsUuid(id)) return std::nullopt;
  return std::string(id);
}

// A stored playlist, its relative URIs made signed links to the files beside it: whoever
// could fetch the playlist may fetch what it lists, and nobody else. A master playlist also
// gets the video's captions as subtitle renditions.
awaitable<net::Response> ServePlaylist(const VideoRoutesContext& ctx, const std::string& key) {
  std::optional<std::string> text = co_await ctx.pool.Call([&]() -> std::optional<std::string> {
    const auto reader = ctx.blobs.OpenObject(key);
    if (!reader || reader->size() > kMaxPlaylistBytes) return std::nullopt;
    return reader->Read(0, static_cast<std::size_t>(reader->size()));
  });
  if (!text) co_return net::Response::FromError(Error(platform::errors::kNotFound, "no such file"));
  const std::string dir = key.substr(0, key.rfind('/') + 1);
  const std::int64_t now = platform::NowMillis();
  std::string playlist = transcoding::RewriteUris(
      *text, [&](std::string_view uri) { return ctx.links.For(dir + std::string(uri), now); });
  if (const auto video_id = VideoOfMaster(key); video_id && ctx.subtitles_of) {
    playlist = transcoding::AddSubtitles(playlist, co_await ctx.subtitles_of(*video_id));
  }
  auto response = net::Response::Text(200, kPlaylistType, std::move(playlist));
  // The links in it last hours; a player re-reads a VOD playlist rarely.
  response.AddHeader("Cache-Control", "private, max-age=300");
  co_return response;
}

// Serves the object `key` with Range and ETag (the key names one version: it never changes).
awaitable<net::Response> ServeObject(const net::Request& r, const VideoRoutesContext& ctx,
                                     const std::string& key, std::string cache_control) {
  // Or a redirect to where the store serves it itself (S3 with delivery=redirect).
  constexpr int kDirectLinkSeconds = 600;
  std::optional<std::string> direct = co_await ctx.pool.Call(
      [&] { return ctx.blobs.DirectObjectUrl(key, ContentTypeOfKey(key), kDirectLinkSeconds); });
  if (direct) {
    auto redirect = net::Response::Found(std::move(*direct));
    redirect.AddHeader("Cache-Control",
                       "private, max-age=" + std::to_string(kDirectLinkSeconds / 2));
    co_return redirect;
  }
  std::shared_ptr<platform::blob::BlobReader> reader =
      co_await ctx.pool.Call([&] { return ctx.blobs.OpenObject(key); });
  if (!reader)
    co_return net::Response::FromError(Error(platform::errors::kNotFound, "no such file"));
  const std::uint64_t size = reader->size();
  co_return net::ServeFile(r,
                           {.read = [reader](std::uint64_t offset,
                                             std::size_t max) { return reader->Read(offset, max); },
                            .size = size,
                            .etag = "\"" + platform::Sha256Hex(key).substr(0, 32) + "\"",
                            .content_type = ContentTypeOfKey(key),
                            .cache_control = std::move(cache_control)},
                           ctx.pool);
}

// POST /videos with JSON: the video is a finished tus upload. The texts are checked before the
// upload is taken, so a typo in the title does not cost the client its 100 MB.
awaitable<net::Response> CreateFromUpload(net::Request& r, const VideoRoutesContext& ctx,
                                          const std::string& owner) {
  VT_TRY(body, co_await JsonOfStream(r));
  VT_TRY(title, net::StringField(*body, "title", {.max_bytes = 4096}));
  VT_TRY(description,
         net::StringField(*body, "description",
                          {.required = false, .max_bytes = 65536, .allow_empty = true}));
  VT_TRY(upload_id, net::StringField(*body, "uploadId", {.max_bytes = 64}));
  VT_TRY(checked_title, users::CheckText(**title, "title", kMaxTitleChars));
  VT_TRY(checked_description,
         users::CheckText(description->value_or(""), "description", kMaxDescriptionChars, true));
  VT_TRY(taken, co_await ctx.resumable.Take(owner, **upload_id));
  // Judged by its bytes, like a form's file: refused, it is deleted with `taken`.
  const auto judged = VideoFilePolicy().judge({.mime = taken->file.mime(), .filename = ""});
  if (!judged) co_return net::Response::FromError(judged.error());
  NewVideo input{
      .title = *checked_title, .description = *checked_description, .file = &taken->file};
  VT_TRY(video, co_await ctx.videos.Create(owner, std::move(input)));
  co_return Ok(201, ToJson(*video, ctx.links, platform::NowMillis()), "Video published");
}

}  // namespace

platform::uploads::ResumableOptions VideoUploadOptions(std::filesystem::path dir,
                                                       std::chrono::seconds expire_after,
                                                       net::RateLimit uploads_per_user) {
  return {.base_path = "/api/v2/uploads",
          .dir = std::move(dir),
          .max_bytes = kMaxVideoBytes,
          .expire_after = expire_after,
          .access = std::string(users::kSignedIn),
          .creations_per_caller = uploads_per_user,
          .owner_of = [](const net::Request& r) { return users::PrincipalOf(r).user_id; },
          .too_large =
              [](std::int64_t max) {
                return Error(platform::errors::kPayloadTooLarge, "videos may be up to 100 MB",
                             {{"field", "Upload-Length"}, {"maxBytes", max}});
              }};
}

void AddVideoRoutes(net::Router& router, VideoRoutesContext ctx) {
  const std::string base = "/api/v2/videos";

  router.Add(
      {.method = net::Method::kGet,
       .pattern = base,
       .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
         VT_TRY(query, ListQueryOf(r));
         // Everyone's list is the same: served serialized from the cache, one read per miss.
         const std::string key = CacheKeyOf(*query);
         std::optional<net::Response> failure;
         using Loaded = std::optional<std::pair<std::string, std::size_t>>;
         auto body = co_await ctx.list_pages.GetOrLoad(key, [&]() -> awaitable<Loaded> {
           auto found = co_await ctx.videos.List(*query);
           if (!found) {
             failure = net::Response::FromError(found.error());
             co_return std::nullopt;
           }
           auto response =
               Ok(200, api::PageJson(Docs(found->videos, ctx.links), found->total, query->page),
                  "Videos");
           const std::size_t cost = key.size() + response.body.size();
           co_return Loaded(std::in_place, std::move(response.body), cost);
         });
         if (!body) co_return std::move(*failure);
         co_return net::Response::Json(200, std::move(*body));
       },
       .summary = "Published videos: query (full text), sortBy, sortType, userId, page, limit",
       .access = std::string(users::kOptionalSignIn)});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = base,
       .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
         const std::string owner = users::PrincipalOf(r).user_id;
         if (!r.Header("Content-Type").starts_with("multipart/")) {
           co_return co_await CreateFromUpload(r, ctx, owner);
         }
         platform::uploads::FormPolicy policy{
             .files = {{"videoFile", VideoFilePolicy()}, {"thumbnail", users::ImagePolicy(false)}}};
         VT_TRY(form, co_await platform::uploads::ReceiveForm(r, policy, ctx.blobs, ctx.pool));
         const std::string* title = form->Field("title");
         const std::string* description = form->Field("description");
         NewVideo input{.title = title ? *title : "",
                        .description = description ? *description : "",
                        .file = form->File("videoFile"),
                        .thumbnail = form->File("thumbnail")};
         VT_TRY(video, co_await ctx.videos.Create(owner, std::move(input)));
         co_return Ok(201, ToJson(*video, ctx.links, platform::NowMillis()), "Video published");
       },
       .summary = "Upload: multipart title, description?, videoFile (≤ 100 MB), thumbnail?; or "
                  "JSON {title, description?, uploadId} of a finished tus upload",
       .max_body_bytes = kMaxUploadBodyBytes,
       .stream_body = true,
       .access = std::string(users::kSignedIn),
       .rate_limit_per_caller = ctx.uploads_per_user});

  router.Add({.method = net::Method::kGet,
              .pattern = base + "/{videoId}",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const Viewer viewer{.user_id = users::CallerIdOf(r),
                                    .address = r.remote_address,
                                    .user_agent = std::string(r.Header("User-Agent"))};
                const std::string id(r.PathParam("videoId"));
                VT_TRY(video, co_await ctx.videos.Watch(id, viewer));
                json::object out = ToJson(*video, ctx.links, platform::NowMillis());
                bool liked = false;
                if (viewer.user_id && ctx.is_liked) {
                  liked = co_await ctx.is_liked(*viewer.user_id, video->id);
                }
                out["isLiked"] = liked;
                co_return Ok(200, std::move(out), "Video");
              },
              .summary = "A video; counts a view and the signed-in viewer's history",
              .access = std::string(users::kOptionalSignIn)});

  router.Add(
      {.method = net::Method::kPatch,
       .pattern = base + "/{videoId}",
       .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
         VideoPatch patch;
         std::optional<platform::uploads::Form> form;
         if (r.Header("Content-Type").starts_with("multipart/")) {
           platform::uploads::FormPolicy policy{
               .files = {{"thumbnail", users::ImagePolicy(false)}}};
           VT_TRY(received,
                  co_await platform::uploads::ReceiveForm(r, policy, ctx.blobs, ctx.pool));
           form.emplace(std::move(*received));
           if (const auto* t = form->Field("title")) patch.title = *t;
           if (const auto* d = form->Field("description")) patch.description = *d;
           patch.thumbnail = form->File("thumbnail");
         } else {
           VT_TRY(body, co_await JsonOfStream(r));
           VT_TRY(title, net::StringField(*body, "title", {.required = false, .max_bytes = 4096}));
           VT_TRY(description,
                  net::StringField(*body, "description",
                                   {.required = false, .max_bytes = 65536, .allow_empty = true}));
           patch.title = *title;
           patch.description = *description;
         }
         if (!patch.title && !patch.description && patch.thumbnail == nullptr) {
           co_return net::Response::FromError(
               net::FieldError("title", "send title, description or thumbnail"));
         }
         VT_TRY(video,
                co_await ctx.videos.Update(users::PrincipalOf(r).user_id,
                                           std::string(r.PathParam("videoId")), std::move(patch)));
         co_return Ok(200, ToJson(*video, ctx.links, platform::NowMillis()), "Video updated");
       },
       .summary = "Edit title?, description?, thumbnail? (multipart or JSON); owner only",
       .max_body_bytes = kMaxPatchBodyBytes,
       .stream_body = true,
       .access = std::string(users::kSignedIn)});

  router.Add({.method = net::Method::kDelete,
              .pattern = base + "/{videoId}",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(deleted, co_await ctx.videos.Delete(users::PrincipalOf(r).user_id,
                                                           std::string(r.PathParam("videoId"))));
                co_return Ok(200, json::object{}, "Video deleted");
              },
              .summary = "Delete a video with its files, views and history; owner only",
              .access = std::string(users::kSignedIn)});

  router.Add({.method = net::Method::kPatch,
              .pattern = base + "/toggle/publish/{videoId}",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(video,
                       co_await ctx.videos.TogglePublish(users::PrincipalOf(r).user_id,
                                                         std::string(r.PathParam("videoId"))));
                co_return Ok(200, ToJson(*video, ctx.links, platform::NowMillis()),
                             video->is_published ? "Video published" : "Video hidden");
              },
              .summary = "Flip isPublished; owner only",
              .access = std::string(users::kSignedIn)});

  router.Add({.method = net::Method::kGet,
              .pattern = base + "/{videoId}/stream",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const std::optional<std::string> viewer = users::CallerIdOf(r);  // a local (GCC 12)
                const std::string id(r.PathParam("videoId"));
                VT_TRY(video, co_await ctx.videos.Visible(id, viewer));
                if (video->hls_master) co_return co_await ServePlaylist(ctx, *video->hls_master);
                co_return co_await ServeObject(r, ctx, video->video_file, "private, max-age=3600");
              },
              .summary = "The HLS master playlist once a rendition is ready, else the uploaded "
                         "file (Range, ETag)",
              .access = std::string(users::kOptionalSignIn)});

  // What an upload page polls while the ladder converts: GET /{videoId} would count the poll
  // in the owner's watch history, once a second.
  router.Add({.method = net::Method::kGet,
              .pattern = base + "/{videoId}/processing",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const std::optional<std::string> caller = users::CallerIdOf(r);  // a local (GCC 12)
                const std::string id(r.PathParam("videoId"));
                VT_TRY(video, co_await ctx.videos.Visible(id, caller));
                if (video->owner_id != caller) {
                  co_return net::Response::FromError(Error(
                      platform::errors::kForbidden, "only the video's owner sees its processing"));
                }
                co_return Ok(200, ToJson(*video, ctx.links, platform::NowMillis()), "Video");
              },
              .summary = "The video with its processing state, for its owner: no view, no history",
              .access = std::string(users::kSignedIn)});

  router.Add({.method = net::Method::kPost,
              .pattern = base + "/{videoId}/reprocess",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(video, co_await ctx.videos.Reprocess(users::PrincipalOf(r).user_id,
                                                            std::string(r.PathParam("videoId"))));
                co_return Ok(202, ToJson(*video, ctx.links, platform::NowMillis()),
                             "Video queued for processing");
              },
              .summary = "Run a failed video's conversion again; owner only (409 unless failed)",
              .access = std::string(users::kSignedIn)});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v2/user/watch-history",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(page, api::PageOf(r));
                const VideoPage found =
                    co_await ctx.videos.WatchHistory(users::PrincipalOf(r).user_id, *page);
                co_return Ok(200, api::PageJson(Docs(found.videos, ctx.links), found.total, *page),
                             "Watch history");
              },
              .summary = "The caller's watched videos, latest first",
              .access = std::string(users::kSignedIn)});
}

void AddMediaRoutes(net::Router& router, VideoRoutesContext ctx) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v2/media/{*key}",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const std::string key(r.PathParam("key"));
                const Error missing(platform::errors::kNotFound, "no such file");
                if (key.starts_with("users/") && key.ends_with(".jpg")) {
                  co_return co_await ServeObject(r, ctx, key,
                                                 "public, max-age=31536000, immutable");
                }
                // A video's files: only on a valid link (MediaLinks), whatever the video's state.
                const auto expires = r.Query("expires");
                const auto signature = r.Query("sig");
                if (!key.starts_with("videos/") || !expires || !signature ||
                    !ctx.links.Verify(key, *expires, *signature, platform::NowMillis())) {
                  co_return net::Response::FromError(missing);
                }
                if (key.ends_with(".m3u8")) co_return co_await ServePlaylist(ctx, key);
                co_return co_await ServeObject(r, ctx, key, "private, max-age=3600");
              },
              .summary = "Stored files: user images (public), video files and HLS playlists "
                         "and segments on signed links"});
}

}  // namespace viztube::videos
