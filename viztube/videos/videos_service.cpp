#include "viztube/videos/videos_service.hpp"

#include <filesystem>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/store/sql_builder.hpp"
#include "viztube/transcoding/transcode_jobs.hpp"
#include "viztube/users/images.hpp"
#include "viztube/users/users_service.hpp"

namespace viztube::videos {

using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

constexpr std::string_view kColumns =
    "v.id, v.owner_id, v.title, v.description, v.video_file, v.mime_type, v.thumbnail, v.size, "
    "v.duration, v.width, v.height, v.codec, v.status, v.is_published, v.views, v.created_at, "
    "v.updated_at, a.username, a.email, u.fullname, u.avatar, u.cover_image, u.created_at, "
    "u.updated_at, v.likes_count, v.processing_state, v.processing_percent, v.processing_error, "
    "v.renditions, v.hls_master";
constexpr std::string_view kFrom =
    " FROM videos v JOIN users u ON u.id = v.owner_id JOIN accounts a ON a.id = u.id";
const std::string kSelectById =
    "SELECT " + std::string(kColumns) + std::string(kFrom) + " WHERE v.id = $1";

}  // namespace

std::string VideoSelect() {
  return "SELECT " + std::string(kColumns) + std::string(kFrom);
}

Video VideoFrom(const platform::store::Row& r) {
  Video v{.id = r.Text(0),
          .owner_id = r.Text(1),
          .title = r.Text(2),
          .description = r.Text(3),
          .video_file = r.Text(4),
          .mime_type = r.Text(5),
          .thumbnail = r.Text(6),
          .size = r.Int(7),
          .duration = r.Real(8),
          .width = r.Int(9),
          .height = r.Int(10),
          .codec = r.Text(11),
          .status = r.Text(12),
          .is_published = r.Bool(13),
          .views = r.Int(14),
          .created_at = r.Int(15),
          .updated_at = r.Int(16)};
  v.owner = {.id = v.owner_id,
             .username = r.Text(17),
             .email = r.Text(18),
             .fullname = r.Text(19),
             .avatar = r.Text(20),
             .cover_image = r.OptText(21),
             .created_at = r.Int(22),
             .updated_at = r.Int(23)};
  v.likes_count = r.Int(24);
  v.processing_state = r.Text(25);
  v.processing_percent = r.Int(26);
  v.processing_error = r.OptText(27);
  v.renditions = r.Text(28);
  v.hls_master = r.OptText(29);
  return v;
}

std::optional<std::string> VisibleVideoOwner(Connection& c, const std::string& video_id,
                                             const std::optional<std::string>& user_id) {
  if (!platform::IsUuid(video_id)) return std::nullopt;
  const auto rows =
      c.Query("SELECT owner_id FROM videos WHERE id = $1 AND (is_published = 1 OR owner_id = $2)",
              {video_id, user_id.value_or("")});
  if (rows.empty()) return std::nullopt;
  return rows[0].Text(0);
}

void CountLike(Connection& c, const std::string& video_id, std::int64_t delta) {
  c.Execute("UPDATE videos SET likes_count = likes_count + $2 WHERE id = $1", {video_id, delta});
}

namespace {

std::vector<Video> VideosFrom(const platform::store::Rows& rows) {
  std::vector<Video> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(VideoFrom(row));
  return out;
}

Error NotFound() {
  return Error(platform::errors::kNotFound, "no such video");
}

// A video `user_id` may see: published, or their own. A malformed id is simply not found.
std::optional<Video> FindVisible(Connection& c, const std::string& id,
                                 const std::optional<std::string>& user_id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows = c.Query("SELECT " + std::string(kColumns) + std::string(kFrom) +
                                " WHERE v.id = $1 AND (v.is_published = 1 OR v.owner_id = $2)",
                            {id, user_id.value_or("")});
  if (rows.empty()) return std::nullopt;
  return VideoFrom(rows[0]);
}

// The video `user_id` wants to change: 404 when missing or hidden from them, 403 when it is
// someone else's.
Video FindForWrite(Connection& c, const std::string& id, const std::string& user_id) {
  auto video = FindVisible(c, id, user_id);
  if (!video) throw ErrorException(NotFound());
  if (video->owner_id != user_id) {
    throw ErrorException(Error(platform::errors::kForbidden, "this video is not yours"));
  }
  return std::move(*video);
}

void AddTotal(Connection& c, const std::string& key, std::int64_t delta) {
  c.Execute(
      "INSERT INTO video_totals (key, count) VALUES ($1, $2) "
      "ON CONFLICT (key) DO UPDATE SET count = video_totals.count + excluded.count",
      {key, delta});
}

// The totals a video counts in: every video of its owner; published ones, overall and per
// owner.
void CountVideo(Connection& c, const Video& v, std::int64_t delta) {
  AddTotal(c, "all:" + v.owner_id, delta);
  if (v.is_published) {
    AddTotal(c, "published", delta);
    AddTotal(c, "published:" + v.owner_id, delta);
  }
}

std::int64_t Total(Connection& c, const std::string& key) {
  const auto rows = c.Query("SELECT count FROM video_totals WHERE key = $1", {key});
  return rows.empty() ? 0 : rows[0].Int(0);
}

// 8K: a larger picture is refused before anything is decoded.
constexpr std::int64_t kMaxVideoSide = 8192;

std::string_view ExtensionOf(std::string_view mime) {
  if (mime == "video/webm") return "webm";
  if (mime == "video/quicktime") return "mov";
  if (mime == "video/x-matroska") return "mkv";
  return "mp4";
}

// What a cached video holds, roughly: its strings and a fixed overhead.
std::size_t CostOf(const Video& v) {
  return 512 + v.id.size() * 2 + v.title.size() + v.description.size() + v.video_file.size() +
         v.thumbnail.size() + v.owner.username.size() + v.owner.email.size() +
         v.owner.fullname.size() + v.owner.avatar.size();
}

std::string_view SortColumn(SortBy by) {
  switch (by) {
    case SortBy::kViews:
      return "v.views";
    case SortBy::kDuration:
      return "v.duration";
    case SortBy::kTitle:
      return "v.title";
    case SortBy::kCreatedAt:
      break;
  }
  return "v.created_at";
}

// Whatever fails before the row is committed, the objects stored for it go.
class ObjectsGuard {
 public:
  ObjectsGuard(platform::blob::BlobStore& blobs, platform::WorkerPool& pool, std::string prefix)
      : blobs_(blobs), pool_(pool), prefix_(std::move(prefix)) {}
  ~ObjectsGuard() {
    if (!keep_) pool_.Post([blobs = &blobs_, prefix = prefix_] { blobs->RemoveObjects(prefix); });
  }
  void Keep() { keep_ = true; }

 private:
  platform::blob::BlobStore& blobs_;
  platform::WorkerPool& pool_;
  const std::string prefix_;
  bool keep_ = false;
};

}  // namespace

platform::uploads::FilePolicy VideoFilePolicy() {
  return {.required = true,
          .judge = [](const platform::uploads::FileHead& head) -> Result<std::int64_t> {
            const std::string_view m = head.mime;
            if (m == "video/mp4" || m == "video/webm" || m == "video/quicktime" ||
                m == "video/x-matroska") {
              return kMaxVideoBytes;
            }
            return Error(platform::errors::kUnsupportedMediaType,
                         "this is not a video we can play (" + std::string(m) +
                             "); upload MP4, WebM, MOV or MKV",
                         {{"field", "videoFile"}, {"detectedType", m}});
          },
          .too_large =
              [](const platform::uploads::FileHead&, std::int64_t max) {
                return Error(platform::errors::kPayloadTooLarge, "videos may be up to 100 MB",
                             {{"field", "videoFile"}, {"maxBytes", max}});
              }};
}

VideosService::VideosService(platform::store::Database& db, platform::blob::BlobStore& blobs,
                             platform::WorkerPool& blocking, ViewWriter& views,
                             platform::cache::Freshness& reads, VideoPolicy policy)
    : db_(db),
      blobs_(blobs),
      blocking_(blocking),
      views_(views),
      reads_(reads),
      policy_(policy),
      by_id_(reads, {.max_bytes = kVideoCacheBytes, .ttl = kReadCacheTtl}) {}

awaitable<Result<Video>> VideosService::Create(const std::string& owner_id, NewVideo input) {
  auto title = users::CheckText(input.title, "title", kMaxTitleChars);
  if (!title) co_return title.error();
  auto description = users::CheckText(input.description, "description", kMaxDescriptionChars, true);
  if (!description) co_return description.error();
  if (input.file == nullptr) co_return platform::net::FieldError("videoFile", "a file is required");

  Video v{.id = platform::NewId(),
          .owner_id = owner_id,
          .title = *title,
          .description = *description,
          .mime_type = input.file->mime(),
          .size = static_cast<std::int64_t>(input.file->size()),
          .status = "processing",
          .is_published = true,
          .processing_state = "queued"};
  const std::string prefix = "videos/" + v.id;
  ObjectsGuard guard(blobs_, blocking_, prefix);
  v.video_file = prefix + "/source." + std::string(ExtensionOf(v.mime_type));
  v.thumbnail = prefix + "/thumbnail-" + platform::NewId() + ".jpg";
  // Probed, thumbnailed and stored on the pool: decoding never runs on the event loop.
  auto stored = co_await blocking_.Call([&]() -> Result<bool> {
    platform::media::VideoInfo info;
    try {
      info = users::Media().ProbeVideo(
          input.file->temp_path(),
          {.max_duration_seconds = policy_.max_duration_seconds, .max_side = kMaxVideoSide});
    } catch (const platform::media::MediaError& e) {
      return platform::net::UnprocessableField("videoFile", e.what());
    }
    if (info.duration_seconds <= 0) {
      return platform::net::UnprocessableField("videoFile", "the video has no duration");
    }
    v.duration = info.duration_seconds;
    v.width = info.width;
    v.height = info.height;
    v.codec = info.codec;
    if (input.thumbnail != nullptr) {
      auto thumb =
          users::StoreImage(blobs_, *input.thumbnail, "thumbnail", v.thumbnail, kThumbnailSide);
      if (!thumb) return thumb.error();
    } else {
      std::filesystem::path poster = blobs_.NewTempFile();
      poster += ".jpg";
      try {
        users::Media().WriteVideoPoster(input.file->temp_path(), poster,
                                        std::min(5.0, v.duration / 3), kThumbnailSide);
      } catch (const platform::media::MediaError& e) {
        std::error_code ignored;
        std::filesystem::remove(poster, ignored);
        return platform::net::UnprocessableField("videoFile", e.what());
      }
      blobs_.PutObject(v.thumbnail, poster);
    }
    input.file->CommitAsObject(v.video_file);
    return true;
  });
  if (!stored) co_return stored.error();
  auto created = co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    const auto owner = c.Query(
        "SELECT a.username, a.email, u.fullname, u.avatar, u.cover_image, u.created_at, "
        "u.updated_at FROM users u JOIN accounts a ON a.id = u.id WHERE u.id = $1",
        {owner_id});
    if (owner.empty()) throw ErrorException(Error(platform::errors::kNotFound, "no such user"));
    c.Execute(
        "INSERT INTO videos (id, owner_id, title, description, video_file, mime_type, size, "
        "thumbnail, duration, width, height, codec, status, is_published, views, created_at, "
        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, 0, $14, "
        "$14)",
        {v.id, v.owner_id, v.title, v.description, v.video_file, v.mime_type, v.size, v.thumbnail,
         v.duration, v.width, v.height, v.codec, v.status, now});
    CountVideo(c, v, 1);
    transcoding::EnqueueTranscode(c, v.id);
    v.created_at = v.updated_at = now;
    const auto& o = owner[0];
    v.owner = {.id = owner_id,
               .username = o.Text(0),
               .email = o.Text(1),
               .fullname = o.Text(2),
               .avatar = o.Text(3),
               .cover_image = o.OptText(4),
               .created_at = o.Int(5),
               .updated_at = o.Int(6)};
    return v;
  });
  if (created) {
    guard.Keep();
    reads_.Invalidate();
    if (enqueued_) enqueued_();
  }
  co_return created;
}

awaitable<Result<Video>> VideosService::Visible(const std::string& video_id,
                                                const std::optional<std::string>& user_id) {
  if (!platform::IsUuid(video_id)) co_return NotFound();
  using Loaded = std::optional<std::pair<Video, std::size_t>>;
  auto video = co_await by_id_.GetOrLoad(video_id, [&]() -> awaitable<Loaded> {
    auto found = co_await db_.Read([&](Connection& c) -> std::optional<Video> {
      const auto rows = c.Query(kSelectById, {video_id});
      if (rows.empty()) return std::nullopt;
      return VideoFrom(rows[0]);
    });
    if (!found) co_return std::nullopt;
    const std::size_t cost = CostOf(*found);
    co_return Loaded(std::in_place, std::move(*found), cost);
  });
  if (!video || (!video->is_published && video->owner_id != user_id)) co_return NotFound();
  co_return std::move(*video);
}

awaitable<Result<Video>> VideosService::Watch(const std::string& video_id, const Viewer& viewer) {
  auto video = co_await Visible(video_id, viewer.user_id);
  if (video && video->owner_id != viewer.user_id) {
    // Queued, not awaited: counted by the next batch. A full queue drops the view (counted).
    views_.Push({.video_id = video->id,
                 .viewer = ViewerKey(viewer.user_id, viewer.address, viewer.user_agent),
                 .user_id = viewer.user_id,
                 .at = platform::NowMillis()});
  } else if (video && viewer.user_id) {
    // The owner's own plays count for nothing but their history.
    views_.Push({.video_id = video->id,
                 .viewer = "",
                 .user_id = viewer.user_id,
                 .at = platform::NowMillis()});
  }
  co_return video;
}

std::string CacheKeyOf(const ListQuery& q) {
  // Length-prefixed where free text goes, so no two queries share a key.
  const std::string user = q.user_id.value_or(""), words = q.query.value_or("-");
  return std::to_string(q.page.page) + ":" + std::to_string(q.page.limit) + ":" +
         std::to_string(static_cast<int>(q.sort_by)) + (q.ascending ? ":a:" : ":d:") + user + ":" +
         std::to_string(q.query ? words.size() : 0) + ":" + words;
}

awaitable<Result<VideoPage>> VideosService::List(ListQuery q) {
  if (q.user_id && !platform::IsUuid(*q.user_id)) {
    co_return platform::net::FieldError("userId", "not a user id");
  }
  co_return co_await db_.Read([&](Connection& c) -> VideoPage {
    platform::store::Params params;
    std::string where = " WHERE v.is_published = 1";
    if (q.user_id) {
      params.push_back(*q.user_id);
      where += " AND v.owner_id = $" + std::to_string(params.size());
    }
    std::optional<std::string> words;
    if (q.query) words = platform::store::FullTextQuery(c.dialect(), *q.query);
    if (words) {
      params.push_back(*words);
      where += " AND " + platform::store::FullTextCondition(c.dialect(), "videos", "v",
                                                            "$" + std::to_string(params.size()));
    }
    VideoPage page;
    if (words) {
      page.total = c.Query("SELECT COUNT(*) FROM videos v" + where, params)[0].Int(0);
    } else {
      page.total = Total(c, q.user_id ? "published:" + *q.user_id : std::string("published"));
    }
    const std::string direction = q.ascending ? " ASC" : " DESC";
    params.push_back(q.page.limit);
    params.push_back(q.page.offset());
    const std::string sql = "SELECT " + std::string(kColumns) + std::string(kFrom) + where +
                            " ORDER BY " + std::string(SortColumn(q.sort_by)) + direction +
                            ", v.id" + direction + " LIMIT $" + std::to_string(params.size() - 1) +
                            " OFFSET $" + std::to_string(params.size());
    page.videos = VideosFrom(c.Query(sql, params));
    return page;
  });
}

awaitable<Result<Video>> VideosService::Update(const std::string& user_id,
                                               const std::string& video_id, VideoPatch patch) {
  if (patch.title) {
    auto title = users::CheckText(*patch.title, "title", kMaxTitleChars);
    if (!title) co_return title.error();
    patch.title = *title;
  }
  if (patch.description) {
    auto text = users::CheckText(*patch.description, "description", kMaxDescriptionChars, true);
    if (!text) co_return text.error();
    patch.description = *text;
  }
  // Checked before a new thumbnail is stored, so a stranger's upload stores nothing.
  auto refused = co_await db_.Read([&](Connection& c) -> std::optional<Error> {
    try {
      FindForWrite(c, video_id, user_id);
      return std::nullopt;
    } catch (const ErrorException& e) {
      return e.error();
    }
  });
  if (refused) co_return *refused;
  std::optional<std::string> new_thumbnail;
  if (patch.thumbnail != nullptr) {
    const std::string key = "videos/" + video_id + "/thumbnail-" + platform::NewId() + ".jpg";
    auto stored = co_await blocking_.Call([&] {
      return users::StoreImage(blobs_, *patch.thumbnail, "thumbnail", key, kThumbnailSide);
    });
    if (!stored) co_return stored.error();
    new_thumbnail = *stored;
  }
  std::string old_thumbnail;
  auto updated = co_await db_.TransactOrError([&](Connection& c) {
    Video v = FindForWrite(c, video_id, user_id);
    old_thumbnail = v.thumbnail;
    if (patch.title) v.title = *patch.title;
    if (patch.description) v.description = *patch.description;
    if (new_thumbnail) v.thumbnail = *new_thumbnail;
    v.updated_at = platform::NowMillis();
    c.Execute(
        "UPDATE videos SET title = $2, description = $3, thumbnail = $4, updated_at = $5 "
        "WHERE id = $1",
        {v.id, v.title, v.description, v.thumbnail, v.updated_at});
    return v;
  });
  // The thumbnail no row points at: the old one once replaced, the new one on failure.
  const std::string unused =
      updated ? (new_thumbnail ? old_thumbnail : "") : new_thumbnail.value_or("");
  if (!unused.empty()) {
    blocking_.Post([blobs = &blobs_, unused] { blobs->RemoveObjects(unused); });
  }
  if (updated) reads_.Invalidate();
  co_return updated;
}

awaitable<Result<bool>> VideosService::Delete(const std::string& user_id,
                                              const std::string& video_id) {
  auto deleted = co_await db_.TransactOrError([&](Connection& c) {
    const Video v = FindForWrite(c, video_id, user_id);
    c.Execute("DELETE FROM videos WHERE id = $1", {v.id});  // views and history cascade
    CountVideo(c, v, -1);
    return true;
  });
  if (deleted) {
    reads_.Invalidate();
    blocking_.Post(
        [blobs = &blobs_, prefix = "videos/" + video_id] { blobs->RemoveObjects(prefix); });
  }
  co_return deleted;
}

awaitable<Result<Video>> VideosService::TogglePublish(const std::string& user_id,
                                                      const std::string& video_id) {
  auto toggled = co_await db_.TransactOrError([&](Connection& c) {
    Video v = FindForWrite(c, video_id, user_id);
    CountVideo(c, v, -1);
    v.is_published = !v.is_published;
    v.updated_at = platform::NowMillis();
    c.Execute("UPDATE videos SET is_published = $2, updated_at = $3 WHERE id = $1",
              {v.id, std::int64_t{v.is_published ? 1 : 0}, v.updated_at});
    CountVideo(c, v, 1);
    return v;
  });
  if (toggled) reads_.Invalidate();
  co_return toggled;
}

awaitable<Result<Video>> VideosService::Reprocess(const std::string& user_id,
                                                  const std::string& video_id) {
  auto queued = co_await db_.TransactOrError([&](Connection& c) {
    Video v = FindForWrite(c, video_id, user_id);
    if (v.processing_state != "failed" && v.processing_state != "none") {
      throw ErrorException(Error(platform::errors::kConflict,
                                 "this video is " + v.processing_state + ", not failed",
                                 {{"processing", v.processing_state}}));
    }
    transcoding::EnqueueTranscode(c, v.id);
    const auto rows = c.Query(kSelectById, {v.id});
    return VideoFrom(rows[0]);
  });
  if (queued) {
    reads_.Invalidate();
    if (enqueued_) enqueued_();
  }
  co_return queued;
}

awaitable<VideoPage> VideosService::WatchHistory(const std::string& user_id,
                                                 api::PageRequest page) {
  co_return co_await db_.Read([&](Connection& c) {
    VideoPage out;
    const std::string where =
        " JOIN watch_history h ON h.video_id = v.id WHERE h.user_id = $1 AND "
        "(v.is_published = 1 OR v.owner_id = $1)";
    out.total = c.Query("SELECT COUNT(*) FROM videos v" + where, {user_id})[0].Int(0);
    out.videos = VideosFrom(c.Query("SELECT " + std::string(kColumns) + std::string(kFrom) + where +
                                        " ORDER BY h.watched_at DESC, v.id DESC LIMIT $2 "
                                        "OFFSET $3",
                                    {user_id, page.limit, page.offset()}));
    return out;
  });
}

awaitable<VideoPage> VideosService::OwnVideos(const std::string& user_id, api::PageRequest page) {
  co_return co_await db_.Read([&](Connection& c) {
    VideoPage out;
    out.total = Total(c, "all:" + user_id);
    out.videos =
        VideosFrom(c.Query(VideoSelect() + " WHERE v.owner_id = $1 ORDER BY v.created_at DESC, "
                                           "v.id DESC LIMIT $2 OFFSET $3",
                           {user_id, page.limit, page.offset()}));
    return out;
  });
}

awaitable<VideosService::ChannelTotals> VideosService::Totals(const std::string& user_id) {
  co_return co_await db_.Read([&](Connection& c) {
    // Over the owner's own videos only (an index range): no table-wide scan.
    const auto rows = c.Query(
        "SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT), "
        "CAST(COALESCE(SUM(likes_count), 0) AS BIGINT) FROM videos "
        "WHERE owner_id = $1",
        {user_id});
    return ChannelTotals{
        .views = rows[0].Int(0), .likes = rows[0].Int(1), .videos = Total(c, "all:" + user_id)};
  });
}

}  // namespace viztube::videos
