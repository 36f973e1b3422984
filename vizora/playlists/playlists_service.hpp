#pragma once

// The playlists of an organization (API.md "Playlists and publishing"). Items may only name
// ready content of the same organization; the content is locked against deletion while the
// playlist takes it (content::LockForUse). Every change writes an audit row and is announced
// to `changed` so the screens that show the playlist get a new timeline.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/error.hpp"
#include "platform/net/pagination.hpp"
#include "platform/store/database.hpp"
#include "vizora/content/content_service.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/model.hpp"
#include "vizora/playlists/model.hpp"

namespace vizora::playlists {

struct ItemInput {
  std::string content_id;
  std::optional<std::int64_t> duration;  // seconds; default: a video's length, else 10 s
  std::string transition = "none";
  std::int64_t transition_duration = 0;  // ms
};

struct PlaylistInput {
  std::string name, description;
  bool loop = true;
  std::vector<ItemInput> items;
};

struct PlaylistPatch {
  std::optional<std::string> name, description;
  std::optional<bool> loop;
  std::optional<std::vector<ItemInput>> items;
};

struct PlaylistPage {
  std::vector<Playlist> items;
  std::optional<std::string> next_cursor;
};

// Modules that refer to playlists (schedules, instant publishes) and are asked before one is
// deleted: what uses it, e.g. {"schedules": [ids]}.
class PlaylistUsers {
 public:
  virtual ~PlaylistUsers() = default;
  virtual boost::json::object Using(platform::store::Connection& c,
                                    const std::string& playlist_id) = 0;
};

// Whether the organization has this playlist, locked against deletion until the caller's
// transaction ends (devices use it for their default playlist).
bool LockPlaylistForUse(platform::store::Connection& c, const std::string& organization_id,
                        const std::string& playlist_id);

// The organization's playlists among `ids`, with their items (for manifests), in the caller's
// transaction.
std::vector<Playlist> LoadPlaylists(platform::store::Connection& c,
                                    const std::string& organization_id,
                                    const std::vector<std::string>& ids);

class PlaylistsService {
 public:
  // `changed(organization_id)` runs after a committed change.
  using Changed = std::function<void(const std::string&)>;
  PlaylistsService(platform::store::Database& db, Changed changed);

  void AddUsers(PlaylistUsers* users) { users_.push_back(users); }

  boost::asio::awaitable<PlaylistPage> List(const identity::Principal& who,
                                            platform::net::PageRequest page);
  boost::asio::awaitable<platform::Result<Playlist>> Get(const identity::Principal& who,
                                                         std::string id);
  boost::asio::awaitable<platform::Result<Playlist>> Create(const identity::Principal& who,
                                                            PlaylistInput input,
                                                            identity::RequestMeta meta);
  boost::asio::awaitable<platform::Result<Playlist>> Update(const identity::Principal& who,
                                                            std::string id, PlaylistPatch patch,
                                                            identity::RequestMeta meta);
  // 409 CONFLICT_006 while schedules, publishes or screens use it.
  boost::asio::awaitable<platform::Result<bool>> Delete(const identity::Principal& who,
                                                        std::string id, identity::RequestMeta meta);

 private:
  platform::store::Database& db_;
  Changed changed_;
  std::vector<PlaylistUsers*> users_;
};

// content::ContentUsers for playlists: content in a playlist is not deleted unless forced,
// and a forced delete takes it out of every playlist.
class PlaylistContentUsers final : public content::ContentUsers {
 public:
  std::vector<std::string> Using(platform::store::Connection& c,
                                 const std::string& content_id) override;
  void Release(platform::store::Connection& c, const std::string& content_id) override;
};

}  // namespace vizora::playlists
