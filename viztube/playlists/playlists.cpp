#include "viztube/playlists/playlists.hpp"

#include <boost/json/array.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/net/json_fields.hpp"
#include "viztube/users/model.hpp"
#include "viztube/users/users_routes.hpp"
#include "viztube/users/users_service.hpp"
#include "viztube/videos/videos_service.hpp"

namespace viztube::playlists {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

// The user's playlists_count, with a playlist added (+1) or deleted (-1).
void CountPlaylist(Connection& c, const std::string& user_id, std::int64_t delta) {
  c.Execute("UPDATE users SET playlists_count = playlists_count + $2 WHERE id = $1",
            {user_id, delta});
}

const std::string kSelect =
    "SELECT p.id, p.name, p.description, p.created_at, p.updated_at, " +
    std::string(users::kOwnerColumns) +
    ", (SELECT COUNT(*) FROM playlist_videos pv WHERE pv.playlist_id = p.id) FROM playlists p" +
    users::OwnerJoin("p.owner_id");

json::object PlaylistJson(const platform::store::Row& r) {
  return {{"id", r.Text(0)},
          {"name", r.Text(1)},
          {"description", r.Text(2)},
          {"createdAt", platform::FormatIso8601(r.Int(3))},
          {"updatedAt", platform::FormatIso8601(r.Int(4))},
          {"owner", users::OwnerJsonAt(r, 5)},
          {"videoCount", r.Int(9)}};
}

Error NoSuchPlaylist() {
  return Error(platform::errors::kNotFound, "no such playlist");
}

std::optional<json::object> Find(Connection& c, const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows = c.Query(kSelect + " WHERE p.id = $1", {id});
  if (rows.empty()) return std::nullopt;
  return PlaylistJson(rows[0]);
}

// The playlist `user_id` wants to change: 404 when missing, 403 when someone else's.
json::object FindOwn(Connection& c, const std::string& id, const std::string& user_id) {
  auto found = Find(c, id);
  if (!found) throw ErrorException(NoSuchPlaylist());
  if (found->at("owner").at("id").as_string() != user_id) {
    throw ErrorException(Error(platform::errors::kForbidden, "this playlist is not yours"));
  }
  return std::move(*found);
}

Result<std::optional<std::string>> Name(const std::optional<std::string>& name, bool required) {
  if (!name) {
    if (required) return net::FieldError("name", "required");
    return std::optional<std::string>();
  }
  auto checked = users::CheckText(*name, "name", kMaxNameChars);
  if (!checked) return checked.error();
  return std::optional(*checked);
}

Result<std::optional<std::string>> Description(const std::optional<std::string>& text) {
  if (!text) return std::optional<std::string>();
  auto checked = users::CheckText(*text, "description", kMaxDescriptionChars, true);
  if (!checked) return checked.error();
  return std::optional(*checked);
}

}  // namespace

awaitable<Result<json::object>> PlaylistsService::Create(const std::string& user_id,
                                                         std::string name,
                                                         std::optional<std::string> description) {
  auto checked_name = Name(name, true);
  if (!checked_name) co_return checked_name.error();
  auto checked_description = Description(description);
  if (!checked_description) co_return checked_description.error();
  co_return co_await db_.Transact([&](Connection& c) {
    const std::string id = platform::NewId();
    c.Execute(
        "INSERT INTO playlists (id, owner_id, name, description, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $5)",
        {id, user_id, **checked_name, checked_description->value_or(""), platform::NowMillis()});
    CountPlaylist(c, user_id, 1);
    json::object out = *Find(c, id);
    out["videos"] = json::array();
    return out;
  });
}

awaitable<Result<json::object>> PlaylistsService::OfUser(const std::string& user_id,
                                                         api::PageRequest page) {
  auto out = co_await db_.Read([&](Connection& c) -> std::optional<json::object> {
    if (!users::Exists(c, user_id)) return std::nullopt;
    return api::QueryPage(c, "SELECT playlists_count FROM users WHERE id = $1",
                          kSelect +
                              " WHERE p.owner_id = $1 ORDER BY p.created_at DESC, "
                              "p.id DESC LIMIT $2 OFFSET $3",
                          {user_id}, page, PlaylistJson);
  });
  if (!out) co_return Error(platform::errors::kNotFound, "no such user");
  co_return std::move(*out);
}

awaitable<Result<json::object>> PlaylistsService::Get(const std::string& playlist_id,
                                                      const std::optional<std::string>& viewer_id) {
  auto out = co_await db_.Read([&](Connection& c) -> std::optional<json::object> {
    auto playlist = Find(c, playlist_id);
    if (!playlist) return std::nullopt;
    const std::int64_t now = platform::NowMillis();
    json::array list;
    for (const auto& r :
         c.Query(videos::VideoSelect() + " JOIN playlist_videos pv ON pv.video_id = v.id "
                                         "WHERE pv.playlist_id = $1 AND (v.is_published = 1 OR "
                                         "v.owner_id = $2) ORDER BY pv.position",
                 {playlist_id, viewer_id.value_or("")})) {
      list.push_back(videos::ToJson(videos::VideoFrom(r), links_, now));
    }
    (*playlist)["videos"] = std::move(list);
    return playlist;
  });
  if (!out) co_return NoSuchPlaylist();
  co_return std::move(*out);
}

awaitable<Result<json::object>> PlaylistsService::Update(const std::string& user_id,
                                                         const std::string& playlist_id,
                                                         std::optional<std::string> name,
                                                         std::optional<std::string> description) {
  auto checked_name = Name(name, false);
  if (!checked_name) co_return checked_name.error();
  auto checked_description = Description(description);
  if (!checked_description) co_return checked_description.error();
  co_return co_await db_.TransactOrError([&](Connection& c) {
    FindOwn(c, playlist_id, user_id);
    c.Execute(
        "UPDATE playlists SET name = COALESCE($2, name), description = COALESCE($3, "
        "description), updated_at = $4 WHERE id = $1",
        {playlist_id, platform::store::Nullable(*checked_name),
         platform::store::Nullable(*checked_description), platform::NowMillis()});
    return *Find(c, playlist_id);
  });
}

awaitable<Result<bool>> PlaylistsService::Delete(const std::string& user_id,
                                                 const std::string& playlist_id) {
  co_return co_await db_.TransactOrError([&](Connection& c) {
    FindOwn(c, playlist_id, user_id);
    c.Execute("DELETE FROM playlists WHERE id = $1", {playlist_id});  // its entries cascade
    CountPlaylist(c, user_id, -1);
    return true;
  });
}

awaitable<Result<json::object>> PlaylistsService::AddVideo(const std::string& user_id,
                                                           const std::string& playlist_id,
                                                           const std::string& video_id) {
  co_return co_await db_.TransactOrError([&](Connection& c) {
    FindOwn(c, playlist_id, user_id);
    if (!videos::VisibleVideoOwner(c, video_id, user_id)) {
      throw ErrorException(Error(platform::errors::kNotFound, "no such video"));
    }
    const auto counted = c.Query(
        "SELECT COUNT(*), COALESCE(MAX(position), 0) FROM playlist_videos WHERE playlist_id = $1",
        {playlist_id});
    if (counted[0].Int(0) >= kMaxVideos) {
      throw ErrorException(
          Error(platform::errors::kConflict, "this playlist is full", {{"maxVideos", kMaxVideos}}));
    }
    const std::int64_t now = platform::NowMillis();
    if (c.Execute("INSERT INTO playlist_videos (playlist_id, video_id, position, added_at) "
                  "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                  {playlist_id, video_id, counted[0].Int(1) + 1, now}) == 0) {
      throw ErrorException(Error(platform::errors::kConflict, "the video is in this playlist"));
    }
    c.Execute("UPDATE playlists SET updated_at = $2 WHERE id = $1", {playlist_id, now});
    return *Find(c, playlist_id);
  });
}

awaitable<Result<json::object>> PlaylistsService::RemoveVideo(const std::string& user_id,
                                                              const std::string& playlist_id,
                                                              const std::string& video_id) {
  co_return co_await db_.TransactOrError([&](Connection& c) {
    FindOwn(c, playlist_id, user_id);
    if (c.Execute("DELETE FROM playlist_videos WHERE playlist_id = $1 AND video_id = $2",
                  {playlist_id, video_id}) == 0) {
      throw ErrorException(Error(platform::errors::kNotFound, "the video is not in this playlist"));
    }
    c.Execute("UPDATE playlists SET updated_at = $2 WHERE id = $1",
              {playlist_id, platform::NowMillis()});
    return *Find(c, playlist_id);
  });
}

void AddPlaylistRoutes(net::Router& router, PlaylistsService& service) {
  const std::string base = "/api/v2/playlist";
  struct Fields {
    std::optional<std::string> name, description;
  };
  const auto fields_of = [](const net::Request& r) -> Result<Fields> {
    auto body = net::ParseJsonObject(r);
    if (!body) return body.error();
    auto name = net::StringField(*body, "name", {.required = false, .max_bytes = 1024});
    if (!name) return name.error();
    auto description = net::StringField(
        *body, "description", {.required = false, .max_bytes = 65536, .allow_empty = true});
    if (!description) return description.error();
    return Fields{*name, *description};
  };
  router.Add({.method = net::Method::kPost,
              .pattern = base,
              .handler = [&service, fields_of](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(fields, fields_of(r));
                VT_TRY(playlist,
                       co_await service.Create(users::PrincipalOf(r).user_id,
                                               fields->name.value_or(""), fields->description));
                co_return api::Ok(201, std::move(*playlist), "Playlist created");
              },
              .summary = "Create a playlist: {name, description?}",
              .access = std::string(users::kSignedIn)});
  router.Add({.method = net::Method::kGet,
              .pattern = base + "/user/{userId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(page, api::PageOf(r));
                const std::string user_id(r.PathParam("userId"));
                VT_TRY(out, co_await service.OfUser(user_id, *page));
                co_return api::Ok(200, std::move(*out), "Playlists");
              },
              .summary = "A user's playlists, newest first",
              .access = std::string(users::kOptionalSignIn)});
  router.Add({.method = net::Method::kGet,
              .pattern = base + "/{playlistId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                const std::optional<std::string> viewer = users::CallerIdOf(r);
                const std::string id(r.PathParam("playlistId"));
                VT_TRY(playlist, co_await service.Get(id, viewer));
                co_return api::Ok(200, std::move(*playlist), "Playlist");
              },
              .summary = "A playlist with its videos in order",
              .access = std::string(users::kOptionalSignIn)});
  router.Add({.method = net::Method::kPatch,
              .pattern = base + "/{playlistId}",
              .handler = [&service, fields_of](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(fields, fields_of(r));
                if (!fields->name && !fields->description) {
                  co_return net::Response::FromError(
                      net::FieldError("name", "send name, description or both"));
                }
                VT_TRY(playlist, co_await service.Update(users::PrincipalOf(r).user_id,
                                                         std::string(r.PathParam("playlistId")),
                                                         fields->name, fields->description));
                co_return api::Ok(200, std::move(*playlist), "Playlist updated");
              },
              .summary = "Rename or describe a playlist; owner only",
              .access = std::string(users::kSignedIn)});
  router.Add({.method = net::Method::kDelete,
              .pattern = base + "/{playlistId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(deleted, co_await service.Delete(users::PrincipalOf(r).user_id,
                                                        std::string(r.PathParam("playlistId"))));
                co_return api::Ok(200, json::object{}, "Playlist deleted");
              },
              .summary = "Delete a playlist; owner only",
              .access = std::string(users::kSignedIn)});
  router.Add({.method = net::Method::kPost,
              .pattern = base + "/{playlistId}/{videoId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(playlist, co_await service.AddVideo(users::PrincipalOf(r).user_id,
                                                           std::string(r.PathParam("playlistId")),
                                                           std::string(r.PathParam("videoId"))));
                co_return api::Ok(200, std::move(*playlist), "Video added");
              },
              .summary = "Add a video at the end; owner only, once",
              .access = std::string(users::kSignedIn)});
  router.Add({.method = net::Method::kDelete,
              .pattern = base + "/{playlistId}/{videoId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(playlist,
                       co_await service.RemoveVideo(users::PrincipalOf(r).user_id,
                                                    std::string(r.PathParam("playlistId")),
                                                    std::string(r.PathParam("videoId"))));
                co_return api::Ok(200, std::move(*playlist), "Video removed");
              },
              .summary = "Take a video out; owner only",
              .access = std::string(users::kSignedIn)});
}

}  // namespace viztube::playlists
