#include "viztube/captions/captions.hpp"

#include <boost/json/array.hpp>
#include <fstream>
#include <iterator>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/media/webvtt.hpp"
#include "platform/net/json_fields.hpp"
#include "viztube/api/envelope.hpp"
#include "viztube/users/users_routes.hpp"
#include "viztube/users/users_service.hpp"
#include "viztube/videos/videos_service.hpp"

namespace viztube::captions {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

constexpr std::string_view kColumns =
    "video_id, language, label, vtt_key, playlist_key, bytes, cues, created_at";

Caption CaptionFrom(const platform::store::Row& r) {
  return {.video_id = r.Text(0),
          .language = r.Text(1),
          .label = r.Text(2),
          .vtt_key = r.Text(3),
          .playlist_key = r.Text(4),
          .bytes = r.Int(5),
          .cues = r.Int(6),
          .created_at = r.Int(7)};
}

Error NoSuchVideo() {
  return Error(platform::errors::kNotFound, "no such video");
}
Error NotYours() {
  return Error(platform::errors::kForbidden, "only the video's owner may change its captions");
}

struct Target {
  std::string owner_id;
  double duration = 0;
  bool has_language = false;
  std::int64_t tracks = 0;
};

// The video as `user_id` may see it, with what it has for `language`.
std::optional<Target> FindTarget(Connection& c, const std::string& video_id,
                                 const std::string& user_id, const std::string& language) {
  auto owner = videos::VisibleVideoOwner(c, video_id, user_id);
  if (!owner) return std::nullopt;
  const auto rows = c.Query(
      "SELECT duration, (SELECT COUNT(*) FROM captions WHERE video_id = $1), "
      "(SELECT COUNT(*) FROM captions WHERE video_id = $1 AND language = $2) FROM videos "
      "WHERE id = $1",
      {video_id, language});
  return Target{std::move(*owner), rows[0].Real(0), rows[0].Int(2) > 0, rows[0].Int(1)};
}

// What the owner may not do: the same checks before the files are stored and again in the
// transaction that records them.
std::optional<Error> RefusalOf(const std::optional<Target>& target, const std::string& user_id) {
  if (!target) return NoSuchVideo();
  if (target->owner_id != user_id) return NotYours();
  if (!target->has_language && target->tracks >= static_cast<std::int64_t>(kMaxTracksPerVideo)) {
    return Error(platform::errors::kConflict,
                 "a video has at most " + std::to_string(kMaxTracksPerVideo) +
                     " caption tracks: delete one first",
                 {{"maxTracks", kMaxTracksPerVideo}});
  }
  return std::nullopt;
}

// "videos/<id>/captions/en-<uuid>": the folder of one upload's file and playlist.
std::string FolderOf(const Caption& caption) {
  return caption.vtt_key.substr(0, caption.vtt_key.rfind('/'));
}

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

Result<std::string> CheckLanguage(std::string_view tag) {
  const auto refuse = [&] {
    return net::FieldError("language",
                           "a language tag like en, pt-BR or zh-Hant (BCP 47) is required");
  };
  if (tag.empty() || tag.size() > 35) return refuse();
  std::string out;
  std::size_t part = 0, start = 0;
  while (start <= tag.size()) {
    auto end = tag.find('-', start);
    if (end == std::string_view::npos) end = tag.size();
    const auto piece = tag.substr(start, end - start);
    const bool primary = part == 0;
    if (primary ? (piece.size() < 2 || piece.size() > 3) : (piece.size() < 2 || piece.size() > 8)) {
      return refuse();
    }
    for (char c : piece) {
      if (!IsAlnum(c) || (primary && c >= '0' && c <= '9')) return refuse();
    }
    // Canonical case (RFC 5646 §2.1.1): language lower, region upper, script title.
    std::string canonical(piece);
    for (char& c : canonical) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!primary && piece.size() == 2) {
      for (char& c : canonical) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!primary && piece.size() == 4) {
      canonical[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(canonical[0])));
    }
    out += (primary ? "" : "-") + canonical;
    ++part;
    start = end + 1;
  }
  return out;
}

awaitable<Result<bool>> CaptionsService::MayChange(const std::string& user_id,
                                                   const std::string& video_id) {
  const auto owner = co_await db_.Read(
      [&](Connection& c) { return videos::VisibleVideoOwner(c, video_id, user_id); });
  if (!owner) co_return NoSuchVideo();
  if (*owner != user_id) co_return NotYours();
  co_return true;
}

awaitable<Result<CaptionsService::Stored>> CaptionsService::Put(const std::string& user_id,
                                                                const std::string& video_id,
                                                                NewCaption input) {
  auto language = CheckLanguage(input.language);
  if (!language) co_return language.error();
  auto label = users::CheckText(input.label, "label", kMaxLabelChars);
  if (!label) co_return label.error();
  if (!input.file) co_return net::FieldError("file", "a WebVTT file is required");

  // Refused early, before the file is read: a stranger's video, a full set of tracks.
  const auto target =
      co_await db_.Read([&](Connection& c) { return FindTarget(c, video_id, user_id, *language); });
  if (auto refused = RefusalOf(target, user_id)) co_return std::move(*refused);

  Caption caption{.video_id = video_id,
                  .language = *language,
                  .label = *label,
                  .bytes = static_cast<std::int64_t>(input.file->size()),
                  .created_at = platform::NowMillis()};
  const std::string folder =
      "videos/" + video_id + "/captions/" + *language + "-" + platform::NewId();
  caption.vtt_key = folder + "/captions.vtt";
  caption.playlist_key = folder + "/index.m3u8";
  platform::uploads::ReceivedFile* file = input.file;
  const double video_duration = target->duration;
  auto stored = co_await blocking_.Call([&]() -> Result<std::int64_t> {
    std::ifstream in(file->temp_path(), std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    platform::media::WebVtt vtt;
    try {
      vtt = platform::media::CheckWebVtt(text);
    } catch (const platform::media::MediaError& e) {
      return net::UnprocessableField("file", e.what());
    }
    file->CommitAsObject(caption.vtt_key);
    // The subtitle rendition lasts as long as the video (the captions' own end when the
    // video's length is unknown), one segment: the whole file.
    const double duration = video_duration > 0 ? video_duration : vtt.end_seconds;
    const std::string name = caption.vtt_key.substr(caption.vtt_key.rfind('/') + 1);
    const auto temp = blobs_.NewTempFile();
    std::ofstream(temp, std::ios::binary | std::ios::trunc)
        << transcoding::WriteSubtitlePlaylist(name, duration);
    blobs_.PutObject(caption.playlist_key, temp);
    return static_cast<std::int64_t>(vtt.cues);
  });
  if (!stored) co_return stored.error();
  caption.cues = *stored;

  std::optional<Caption> replaced;
  auto recorded = co_await db_.TransactOrError([&](Connection& c) {
    if (auto refused = RefusalOf(FindTarget(c, video_id, user_id, *language), user_id)) {
      throw ErrorException(std::move(*refused));
    }
    const auto old = c.Query(
        "SELECT " + std::string(kColumns) + " FROM captions WHERE video_id = $1 AND language = $2",
        {video_id, *language});
    if (!old.empty()) {
      replaced = CaptionFrom(old[0]);
      c.Execute("DELETE FROM captions WHERE video_id = $1 AND language = $2",
                {video_id, *language});
    }
    c.Execute("INSERT INTO captions (" + std::string(kColumns) +
                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
              {caption.video_id, caption.language, caption.label, caption.vtt_key,
               caption.playlist_key, caption.bytes, caption.cues, caption.created_at});
    return true;
  });
  // The files of whichever track lost: the new one when the row could not be written.
  const std::string unused = !recorded ? folder : replaced ? FolderOf(*replaced) : std::string();
  if (!unused.empty()) {
    blocking_.Post([blobs = &blobs_, unused] { blobs->RemoveObjects(unused); });
  }
  if (!recorded) co_return recorded.error();
  co_return Stored{.caption = std::move(caption), .replaced = replaced.has_value()};
}

awaitable<Result<std::vector<Caption>>> CaptionsService::List(
    const std::string& video_id, const std::optional<std::string>& viewer) {
  auto found = co_await db_.Read([&](Connection& c) -> std::optional<std::vector<Caption>> {
    if (!videos::VisibleVideoOwner(c, video_id, viewer)) return std::nullopt;
    std::vector<Caption> out;
    for (const auto& row : c.Query("SELECT " + std::string(kColumns) +
                                       " FROM captions WHERE video_id = $1 ORDER BY language",
                                   {video_id})) {
      out.push_back(CaptionFrom(row));
    }
    return out;
  });
  if (!found) co_return NoSuchVideo();
  co_return std::move(*found);
}

awaitable<Result<bool>> CaptionsService::Delete(const std::string& user_id,
                                                const std::string& video_id,
                                                const std::string& language) {
  auto removed = co_await db_.TransactOrError([&](Connection& c) {
    const auto owner = videos::VisibleVideoOwner(c, video_id, user_id);
    if (!owner) throw ErrorException(NoSuchVideo());
    if (*owner != user_id) throw ErrorException(NotYours());
    const auto rows = c.Query(
        "SELECT " + std::string(kColumns) + " FROM captions WHERE video_id = $1 AND language = $2",
        {video_id, language});
    if (rows.empty()) {
      throw ErrorException(Error(platform::errors::kNotFound, "no captions in that language"));
    }
    c.Execute("DELETE FROM captions WHERE video_id = $1 AND language = $2", {video_id, language});
    return CaptionFrom(rows[0]);
  });
  if (!removed) co_return removed.error();
  blocking_.Post([blobs = &blobs_, folder = FolderOf(*removed)] { blobs->RemoveObjects(folder); });
  co_return true;
}

awaitable<std::vector<transcoding::SubtitleTrack>> CaptionsService::Subtitles(
    const std::string& video_id, const videos::MediaLinks& links) {
  const auto rows = co_await db_.Read([&](Connection& c) {
    return c.Query(
        "SELECT " + std::string(kColumns) + " FROM captions WHERE video_id = $1 ORDER BY language",
        {video_id});
  });
  const std::int64_t now = platform::NowMillis();
  std::vector<transcoding::SubtitleTrack> out;
  for (const auto& row : rows) {
    const Caption caption = CaptionFrom(row);
    out.push_back({.uri = links.For(caption.playlist_key, now),
                   .language = caption.language,
                   .name = caption.label});
  }
  co_return out;
}

json::object ToJson(const Caption& caption, const videos::MediaLinks& links, std::int64_t now_ms) {
  return {{"language", caption.language},
          {"label", caption.label},
          {"url", links.For(caption.vtt_key, now_ms)},
          {"cues", caption.cues},
          {"bytes", caption.bytes},
          {"createdAt", platform::FormatIso8601(caption.created_at)}};
}

namespace {

platform::uploads::FilePolicy CaptionFilePolicy() {
  return {.required = true,
          .judge = [](const platform::uploads::FileHead& head) -> Result<std::int64_t> {
            if (std::string_view(head.mime).starts_with("text/")) return kMaxCaptionBytes;
            if (head.mime == "application/x-subrip") {
              return Error(platform::errors::kUnsupportedMediaType,
                           "this is SubRip (SRT): captions must be WebVTT (ffmpeg -i in.srt "
                           "out.vtt converts one)",
                           {{"field", "file"}, {"detectedType", head.mime}});
            }
            return Error(platform::errors::kUnsupportedMediaType,
                         "captions are WebVTT text files, not " + std::string(head.mime),
                         {{"field", "file"}, {"detectedType", head.mime}});
          },
          .too_large =
              [](const platform::uploads::FileHead&, std::int64_t max) {
                return Error(platform::errors::kPayloadTooLarge, "caption files may be up to 1 MB",
                             {{"field", "file"}, {"maxBytes", max}});
              }};
}

}  // namespace

void AddCaptionRoutes(net::Router& router, CaptionRoutesContext ctx) {
  const std::string base = "/api/v2/videos/{videoId}/captions";
  router.Add({.method = net::Method::kPost,
              .pattern = base,
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const std::string user_id = users::PrincipalOf(r).user_id;
                const std::string video_id(r.PathParam("videoId"));
                VT_TRY(allowed, co_await ctx.captions.MayChange(user_id, video_id));
                platform::uploads::FormPolicy policy{.files = {{"file", CaptionFilePolicy()}}};
                VT_TRY(form,
                       co_await platform::uploads::ReceiveForm(r, policy, ctx.blobs, ctx.pool));
                const std::string* language = form->Field("language");
                const std::string* label = form->Field("label");
                NewCaption input{.language = language ? *language : "",
                                 .label = label ? *label : "",
                                 .file = form->File("file")};
                VT_TRY(stored, co_await ctx.captions.Put(user_id, video_id, std::move(input)));
                co_return api::Ok(stored->replaced ? 200 : 201,
                                  ToJson(stored->caption, ctx.links, platform::NowMillis()),
                                  stored->replaced ? "Captions replaced" : "Captions added");
              },
              .summary = "Add or replace captions: multipart language (BCP 47), label, file "
                         "(WebVTT ≤ 1 MB); owner only",
              .max_body_bytes = kMaxCaptionBytes + 64 * 1024,
              .stream_body = true,
              .access = std::string(users::kSignedIn)});
  router.Add({.method = net::Method::kGet,
              .pattern = base,
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const std::optional<std::string> viewer = users::CallerIdOf(r);
                VT_TRY(found,
                       co_await ctx.captions.List(std::string(r.PathParam("videoId")), viewer));
                const std::int64_t now = platform::NowMillis();
                json::array out;
                for (const auto& caption : *found) out.push_back(ToJson(caption, ctx.links, now));
                co_return api::Ok(200, std::move(out), "Captions");
              },
              .summary = "A video's caption tracks, by language, with signed links",
              .access = std::string(users::kOptionalSignIn)});
  router.Add({.method = net::Method::kDelete,
              .pattern = base + "/{language}",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const std::string user_id = users::PrincipalOf(r).user_id;
                const std::string video_id(r.PathParam("videoId"));
                VT_TRY(allowed, co_await ctx.captions.MayChange(user_id, video_id));
                VT_TRY(language, CheckLanguage(r.PathParam("language")));
                VT_TRY(deleted, co_await ctx.captions.Delete(user_id, video_id, *language));
                co_return api::Ok(200, json::object{}, "Captions deleted");
              },
              .summary = "Delete a video's captions in one language; owner only",
              .access = std::string(users::kSignedIn)});
}

}  // namespace viztube::captions
