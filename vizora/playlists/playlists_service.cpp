#include "vizora/playlists/playlists_service.hpp"

#include <cmath>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/store/sql_builder.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/devices/devices_service.hpp"
#include "vizora/identity/audit_entry.hpp"

namespace vizora::playlists {

namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

const Error kPlaylistNotFound(platform::errors::kNotFound, "no such playlist");
constexpr std::string_view kColumns =
    "p.id, p.organization_id, p.name, p.description, p.loop_playlist, p.created_by, "
    "p.created_at, p.updated_at";

Playlist PlaylistFrom(const platform::store::Row& row) {
  return Playlist{.id = row.Text(0),
                  .organization_id = row.Text(1),
                  .name = row.Text(2),
                  .description = row.Text(3),
                  .loop = row.Bool(4),
                  .created_by = row.OptText(5),
                  .created_at = row.Int(6),
                  .updated_at = row.Int(7)};
}

void LoadItems(Connection& c, Playlist& p) {
  const auto rows = c.Query(
      "SELECT content_id, duration, transition, transition_duration FROM playlist_items WHERE "
      "playlist_id = $1 ORDER BY position",
      {p.id});
  p.items.clear();
  for (const auto& r : rows) {
    p.items.push_back({r.Text(0), r.Int(1), r.Text(2), r.Int(3)});
  }
}

std::optional<Playlist> FindPlaylist(Connection& c, const std::string& organization_id,
                                     const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows = c.Query("SELECT " + std::string(kColumns) +
                                " FROM playlists p WHERE p.id = $1 AND p.organization_id = $2",
                            {id, organization_id});
  if (rows.empty()) return std::nullopt;
  Playlist p = PlaylistFrom(rows[0]);
  LoadItems(c, p);
  return p;
}

Error Unusable(std::size_t index, const std::string& content_id, std::string reason) {
  return Error(errors::kUnusableContent, "items[" + std::to_string(index) + "]: " + reason,
               {{"index", index}, {"contentId", content_id}, {"reason", reason}});
}

// Checks the items against the content they name (locked while this transaction runs) and
// fills in default durations.
std::vector<PlaylistItem> Resolve(Connection& c, const std::string& organization_id,
                                  const std::vector<ItemInput>& input) {
  std::vector<std::string> ids;
  for (const auto& item : input) ids.push_back(item.content_id);
  const auto facts = content::LockForUse(c, organization_id, ids);
  std::vector<PlaylistItem> items;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const auto& in = input[i];
    const auto found = facts.find(in.content_id);
    if (found == facts.end()) throw ErrorException(Unusable(i, in.content_id, "no such content"));
    if (found->second.upload_status != content::kReady) {
      throw ErrorException(Unusable(
          i, in.content_id, "the content is " + found->second.upload_status + ", not ready"));
    }
    std::int64_t duration = kDefaultItemSeconds;
    if (in.duration) {
      duration = *in.duration;
    } else if (found->second.duration_seconds) {
      duration = std::clamp<std::int64_t>(
          static_cast<std::int64_t>(std::ceil(*found->second.duration_seconds)), kMinItemSeconds,
          kMaxItemSeconds);
    }
    items.push_back({in.content_id, duration, in.transition, in.transition_duration});
  }
  return items;
}

void WriteItems(Connection& c, const std::string& playlist_id,
                const std::vector<PlaylistItem>& items) {
  c.Execute("DELETE FROM playlist_items WHERE playlist_id = $1", {playlist_id});
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    c.Execute(
        "INSERT INTO playlist_items (playlist_id, position, content_id, duration, transition, "
        "transition_duration) VALUES ($1, $2, $3, $4, $5, $6)",
        {playlist_id, static_cast<std::int64_t>(i), item.content_id, item.duration, item.transition,
         item.transition_duration});
  }
}

}  // namespace

bool LockPlaylistForUse(Connection& c, const std::string& organization_id,
                        const std::string& playlist_id) {
  if (!platform::IsUuid(playlist_id)) return false;
  return c.Execute(
             "UPDATE playlists SET updated_at = updated_at WHERE id = $1 AND organization_id = $2",
             {playlist_id, organization_id}) > 0;
}

std::vector<Playlist> LoadPlaylists(Connection& c, const std::string& organization_id,
                                    const std::vector<std::string>& ids) {
  std::vector<Playlist> out;
  for (const auto& id : ids) {
    if (auto p = FindPlaylist(c, organization_id, id)) out.push_back(std::move(*p));
  }
  return out;
}

PlaylistsService::PlaylistsService(platform::store::Database& db, Changed changed)
    : db_(db), changed_(std::move(changed)) {}

awaitable<PlaylistPage> PlaylistsService::List(const identity::Principal& who,
                                               platform::net::PageRequest page) {
  co_return co_await db_.Read([&](Connection& c) {
    platform::store::SqlBuilder q({who.organization_id, page.limit + 1});
    if (page.after) q.After("p.created_at", "p.id", page.after->time, page.after->id, false);
    const auto rows = c.Query("SELECT " + std::string(kColumns) +
                                  " FROM playlists p WHERE p.organization_id = $1" +
                                  q.conditions() + " ORDER BY p.created_at, p.id LIMIT $2",
                              q.params());
    PlaylistPage out;
    for (const auto& row : rows) out.items.push_back(PlaylistFrom(row));
    out.next_cursor = platform::net::TrimToPage(out.items, page.limit);
    for (auto& p : out.items) LoadItems(c, p);
    return out;
  });
}

awaitable<Result<Playlist>> PlaylistsService::Get(const identity::Principal& who, std::string id) {
  auto found =
      co_await db_.Read([&](Connection& c) { return FindPlaylist(c, who.organization_id, id); });
  if (!found) co_return kPlaylistNotFound;
  co_return std::move(*found);
}

awaitable<Result<Playlist>> PlaylistsService::Create(const identity::Principal& who,
                                                     PlaylistInput input,
                                                     identity::RequestMeta meta) {
  const std::string id = platform::NewId();
  auto created = co_await db_.TransactOrError([&](Connection& c) {
    const auto items = Resolve(c, who.organization_id, input.items);
    const std::int64_t now = platform::NowMillis();
    c.Execute(
        "INSERT INTO playlists (id, organization_id, name, description, loop_playlist, "
        "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        {id, who.organization_id, input.name, input.description, std::int64_t{input.loop ? 1 : 0},
         who.user_id, now});
    WriteItems(c, id, items);
    audit::Record(c, identity::AuditEntry(who, meta, "playlist.created", "playlist", id,
                                          {{"name", input.name}, {"items", items.size()}}));
    return *FindPlaylist(c, who.organization_id, id);
  });
  co_return created;
}

awaitable<Result<Playlist>> PlaylistsService::Update(const identity::Principal& who, std::string id,
                                                     PlaylistPatch patch,
                                                     identity::RequestMeta meta) {
  auto updated = co_await db_.TransactOrError([&](Connection& c) {
    if (!LockPlaylistForUse(c, who.organization_id, id)) throw ErrorException(kPlaylistNotFound);
    auto playlist = *FindPlaylist(c, who.organization_id, id);
    json::object changed;
    if (patch.name) playlist.name = *patch.name, changed["name"] = *patch.name;
    if (patch.description) {
      playlist.description = *patch.description;
      changed["description"] = *patch.description;
    }
    if (patch.loop) playlist.loop = *patch.loop, changed["loopPlaylist"] = *patch.loop;
    if (patch.items) {
      WriteItems(c, id, Resolve(c, who.organization_id, *patch.items));
      changed["items"] = patch.items->size();
    }
    c.Execute(
        "UPDATE playlists SET name = $1, description = $2, loop_playlist = $3, updated_at = $4 "
        "WHERE id = $5",
        {playlist.name, playlist.description, std::int64_t{playlist.loop ? 1 : 0},
         platform::NowMillis(), id});
    audit::Record(
        c, identity::AuditEntry(who, meta, "playlist.updated", "playlist", id, std::move(changed)));
    return *FindPlaylist(c, who.organization_id, id);
  });
  if (updated && changed_) changed_(who.organization_id);
  co_return updated;
}

awaitable<Result<bool>> PlaylistsService::Delete(const identity::Principal& who, std::string id,
                                                 identity::RequestMeta meta) {
  auto deleted = co_await db_.TransactOrError([&](Connection& c) {
    if (!LockPlaylistForUse(c, who.organization_id, id)) throw ErrorException(kPlaylistNotFound);
    json::object using_it;
    const auto screens = devices::DevicesWithDefaultPlaylist(c, who.organization_id, id);
    if (!screens.empty()) {
      json::array ids;
      for (const auto& device : screens) ids.emplace_back(device);
      using_it["devices"] = std::move(ids);
    }
    for (auto* users : users_) {
      for (auto& [key, value] : users->Using(c, id)) using_it[key] = value;
    }
    if (!using_it.empty()) {
      throw ErrorException(Error(errors::kInUse,
                                 "the playlist is in use; remove it from schedules, publishes "
                                 "and screens first",
                                 std::move(using_it)));
    }
    c.Execute("DELETE FROM playlists WHERE id = $1", {id});
    audit::Record(c, identity::AuditEntry(who, meta, "playlist.deleted", "playlist", id));
    return true;
  });
  co_return deleted;
}

std::vector<std::string> PlaylistContentUsers::Using(Connection& c, const std::string& content_id) {
  std::vector<std::string> out;
  for (const auto& r :
       c.Query("SELECT DISTINCT playlist_id FROM playlist_items WHERE content_id = $1 ORDER BY 1",
               {content_id})) {
    out.push_back(r.Text(0));
  }
  return out;
}

void PlaylistContentUsers::Release(Connection& c, const std::string& content_id) {
  for (const auto& playlist_id : Using(c, content_id)) {
    std::vector<PlaylistItem> kept;
    for (const auto& r :
         c.Query("SELECT content_id, duration, transition, transition_duration FROM "
                 "playlist_items WHERE playlist_id = $1 AND content_id <> $2 ORDER BY position",
                 {playlist_id, content_id})) {
      kept.push_back({r.Text(0), r.Int(1), r.Text(2), r.Int(3)});
    }
    WriteItems(c, playlist_id, kept);
    c.Execute("UPDATE playlists SET updated_at = $1 WHERE id = $2",
              {platform::NowMillis(), playlist_id});
  }
}

}  // namespace vizora::playlists
