#include "vizora/devices/devices_service.hpp"

#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/store/sql_builder.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/devices/detail/rows.hpp"
#include "vizora/devices/device_messages.hpp"
#include "vizora/devices/held_screens.hpp"
#include "vizora/identity/audit_entry.hpp"
#include "vizora/realtime/dashboard_events.hpp"

namespace vizora::devices {

namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;
using platform::store::Params;

namespace {

const Error kDeviceNotFound(platform::errors::kNotFound, "no such device");
const Error kGroupNotFound(platform::errors::kNotFound, "no such group");

std::optional<DeviceGroup> FindGroup(Connection& c, const std::string& organization_id,
                                     const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows = c.Query(
      "SELECT g.id, g.name, g.created_at, (SELECT COUNT(*) FROM device_group_members m WHERE "
      "m.group_id = g.id) FROM device_groups g WHERE g.id = $1 AND g.organization_id = $2",
      {id, organization_id});
  if (rows.empty()) return std::nullopt;
  return DeviceGroup{.id = rows[0].Text(0),
                     .organization_id = organization_id,
                     .name = rows[0].Text(1),
                     .device_count = rows[0].Int(3),
                     .created_at = rows[0].Int(2)};
}

}  // namespace

bool IsKnownCommand(std::string_view command) {
  return command == "reload" || command == "identify" || command == "clear-cache" ||
         command == "screenshot";
}

std::vector<std::string> UnknownDevices(Connection& c, const std::string& organization_id,
                                        const std::vector<std::string>& device_ids) {
  std::vector<std::string> unknown;
  for (const auto& id : device_ids) {
    if (!platform::IsUuid(id) ||
        c.Query("SELECT 1 FROM devices WHERE id = $1 AND organization_id = $2",
                {id, organization_id})
            .empty()) {
      unknown.push_back(id);
    }
  }
  return unknown;
}

std::vector<std::string> UnknownGroups(Connection& c, const std::string& organization_id,
                                       const std::vector<std::string>& group_ids) {
  return detail::UnknownGroups(c, organization_id, group_ids);
}

std::vector<ScreenTargets> LoadScreenTargets(Connection& c, const std::string& organization_id,
                                             const std::optional<std::string>& device_id) {
  std::vector<ScreenTargets> out;
  std::map<std::string, std::size_t> index;
  const auto rows =
      device_id ? c.Query(
                      "SELECT id, default_playlist_id FROM devices WHERE organization_id = $1 "
                      "AND id = $2",
                      {organization_id, *device_id})
                : c.Query(
                      "SELECT id, default_playlist_id FROM devices WHERE organization_id = $1 "
                      "ORDER BY id",
                      {organization_id});
  for (const auto& r : rows) {
    index[r.Text(0)] = out.size();
    out.push_back({r.Text(0), r.OptText(1), {}});
  }
  if (out.empty()) return out;
  for (const auto& r :
       c.Query("SELECT m.device_id, m.group_id FROM device_group_members m JOIN device_groups g ON "
               "g.id = m.group_id WHERE g.organization_id = $1 ORDER BY m.group_id",
               {organization_id})) {
    if (auto it = index.find(r.Text(0)); it != index.end()) {
      out[it->second].group_ids.push_back(r.Text(1));
    }
  }
  return out;
}

std::vector<std::string> DevicesWithDefaultPlaylist(Connection& c,
                                                    const std::string& organization_id,
                                                    const std::string& playlist_id) {
  std::vector<std::string> out;
  for (const auto& r :
       c.Query("SELECT id FROM devices WHERE organization_id = $1 AND default_playlist_id = $2 "
               "ORDER BY id",
               {organization_id, playlist_id})) {
    out.push_back(r.Text(0));
  }
  return out;
}

DevicesService::DevicesService(platform::store::Database& db, platform::bus::Bus& bus)
    : db_(db), bus_(bus) {}

awaitable<DevicePage> DevicesService::List(const identity::Principal& who, DeviceFilter filter,
                                           platform::net::PageRequest page) {
  const std::int64_t now = platform::NowMillis();
  co_return co_await db_.Read([&](Connection& c) {
    platform::store::SqlBuilder q({who.organization_id, page.limit + 1});
    if (filter.status) {
      if (*filter.status == "online") {
        q.And("d.status = 'online' AND d.last_heartbeat >= " +
              q.Bind(now - kPresumedOfflineAfterMs));
      } else if (*filter.status == "offline") {
        q.And("(d.status = 'offline' OR (d.status = 'online' AND COALESCE(d.last_heartbeat, 0) < " +
              q.Bind(now - kPresumedOfflineAfterMs) + "))");
      } else {
        q.And("d.status = 'pairing'");
      }
    }
    if (filter.group_id) {
      q.And(
          "EXISTS (SELECT 1 FROM device_group_members m WHERE m.device_id = d.id AND "
          "m.group_id = " +
          q.Bind(*filter.group_id) + ")");
    }
    if (filter.search) {
      const std::string p = q.Bind(platform::store::LikeContains(*filter.search));
      q.And("(LOWER(d.nickname) LIKE " + p + " ESCAPE '\\' OR LOWER(d.location) LIKE " + p +
            " ESCAPE '\\')");
    }
    // The sort column, and how a page goes on after the cursor's row (keyset, id breaking ties).
    const bool by_name = filter.sort == DeviceSort::kName;
    const char* key = by_name                                ? "LOWER(d.nickname)"
                      : filter.sort == DeviceSort::kLastSeen ? "COALESCE(d.last_heartbeat, 0)"
                                                             : "d.created_at";
    const char* after = filter.sort == DeviceSort::kLastSeen ? " < " : " > ";
    if (page.after) {  // the route checked it was made for this sort
      const std::string k = by_name ? q.Bind(*page.after->text) : q.Bind(page.after->time);
      const std::string id = q.Bind(page.after->id);
      q.And("(" + std::string(key) + after + k + " OR (" + key + " = " + k + " AND d.id > " + id +
            "))");
    }
    const auto rows =
        c.Query("SELECT " + std::string(detail::kDeviceColumns) + ", " + key +
                    " FROM devices d WHERE d.organization_id = $1" + q.conditions() + " ORDER BY " +
                    key + (filter.sort == DeviceSort::kLastSeen ? " DESC" : "") + ", d.id LIMIT $2",
                q.params());
    DevicePage out;
    for (const auto& row : rows) out.items.push_back(detail::DeviceFrom(row));
    if (static_cast<std::int64_t>(rows.size()) > page.limit) {
      const auto& last = rows[static_cast<std::size_t>(page.limit - 1)];
      constexpr std::size_t kKey = 14;  // the column after kDeviceColumns
      out.items.resize(static_cast<std::size_t>(page.limit));
      out.next_cursor = platform::net::EncodeCursor(
          by_name ? platform::net::PageKey{.id = last.Text(0), .text = last.Text(kKey)}
                  : platform::net::PageKey{.time = last.Int(kKey), .id = last.Text(0)});
    }
    detail::LoadGroupIds(c, out.items);
    detail::MarkHeld(c, who.organization_id, out.items);
    return out;
  });
}

awaitable<Result<Device>> DevicesService::Get(const identity::Principal& who,
                                              std::string device_id) {
  auto found = co_await db_.Read(
      [&](Connection& c) { return detail::FindDevice(c, who.organization_id, device_id); });
  if (!found) co_return kDeviceNotFound;
  co_return std::move(*found);
}

awaitable<Result<Device>> DevicesService::Update(const identity::Principal& who,
                                                 std::string device_id, DevicePatch patch,
                                                 identity::RequestMeta meta) {
  auto updated = co_await db_.TransactOrError([&](Connection& c) {
    auto before = detail::FindDevice(c, who.organization_id, device_id);
    if (!before) throw ErrorException(kDeviceNotFound);
    json::object changed;
    if (patch.group_ids) {
      const auto unknown = detail::UnknownGroups(c, who.organization_id, *patch.group_ids);
      if (!unknown.empty()) {
        throw ErrorException(platform::net::UnknownIds("groupIds", "no such group", unknown));
      }
      detail::SetGroups(c, device_id, *patch.group_ids);
      json::array ids;
      for (const auto& id : *patch.group_ids) ids.emplace_back(id);
      changed["groupIds"] = std::move(ids);
    }
    if (patch.set_default_playlist && patch.default_playlist_id &&
        !(playlist_check_ && playlist_check_(c, who.organization_id, *patch.default_playlist_id))) {
      throw ErrorException(platform::net::UnknownIds("defaultPlaylistId", "no such playlist",
                                                     {*patch.default_playlist_id}));
    }
    if (patch.nickname) changed["nickname"] = *patch.nickname;
    if (patch.location) changed["location"] = *patch.location;
    if (patch.timezone) changed["timezone"] = *patch.timezone;
    if (patch.set_default_playlist) {
      changed["defaultPlaylistId"] = patch.default_playlist_id
                                         ? json::value(*patch.default_playlist_id)
                                         : json::value(nullptr);
    }
    c.Execute(
        "UPDATE devices SET nickname = COALESCE($3, nickname), location = COALESCE($4, location), "
        "timezone = COALESCE($5, timezone), default_playlist_id = CASE WHEN $6 = 1 THEN $7 ELSE "
        "default_playlist_id END, updated_at = $8 WHERE id = $1 AND organization_id = $2",
        {device_id, who.organization_id, platform::store::Nullable(patch.nickname),
         platform::store::Nullable(patch.location), platform::store::Nullable(patch.timezone),
         std::int64_t{patch.set_default_playlist ? 1 : 0},
         platform::store::Nullable(patch.default_playlist_id), platform::NowMillis()});
    audit::Record(c,
                  identity::AuditEntry(who, meta, "device.updated", "device", device_id, changed));
    return *detail::FindDevice(c, who.organization_id, device_id);
  });
  if (!updated) co_return updated.error();
  // A new default playlist or new groups can change what the screen shows.
  if (changed_ && (patch.set_default_playlist || patch.group_ids)) changed_(who.organization_id);
  co_return std::move(*updated);
}

awaitable<Result<bool>> DevicesService::Delete(const identity::Principal& who,
                                               std::string device_id, identity::RequestMeta meta) {
  // Whether screens were held beyond the plan: one of them takes the freed place.
  bool freed_a_held_screen = false;
  auto deleted = co_await db_.TransactOrError([&](Connection& c) {
    if (!platform::IsUuid(device_id)) throw ErrorException(kDeviceNotFound);
    freed_a_held_screen =
        !FindHeldScreens(c, who.organization_id, platform::NowMillis()).ids.empty();
    const auto rows =
        c.Query("DELETE FROM devices WHERE id = $1 AND organization_id = $2 RETURNING nickname",
                {device_id, who.organization_id});
    if (rows.empty()) throw ErrorException(kDeviceNotFound);
    audit::Record(c, identity::AuditEntry(who, meta, "device.unpaired", "device", device_id,
                                          {{"nickname", rows[0].Text(0)}}));
    return true;
  });
  if (!deleted) co_return deleted.error();
  // After the commit: the token is already dead everywhere; now the socket, wherever it is.
  Publish(bus_, who.organization_id,
          {.op = DeviceMessage::Op::kClose,
           .device_ids = {device_id},
           .code = device_close::kUnpaired});
  realtime::PublishToDashboards(bus_, who.organization_id, "device:unpaired",
                                {{"deviceId", device_id}});
  if (freed_a_held_screen && changed_) changed_(who.organization_id);
  co_return true;
}

awaitable<Result<SentCommand>> DevicesService::SendCommand(const identity::Principal& who,
                                                           std::string command, json::object args,
                                                           CommandTarget target,
                                                           identity::RequestMeta meta) {
  const bool everyone = target.device_ids.empty() && target.group_ids.empty();
  // Read-only: never queued behind the presence writer's transactions.
  using Targets = std::pair<std::vector<std::string>, std::int64_t>;
  auto resolved = co_await db_.Read([&](Connection& c) -> Result<Targets> {
    if (everyone) {
      const auto rows =
          c.Query("SELECT COUNT(*) FROM devices WHERE organization_id = $1", {who.organization_id});
      return Targets({}, rows[0].Int(0));
    }
    std::set<std::string> ids;
    for (const auto& id : target.device_ids) {
      if (!platform::IsUuid(id)) return kDeviceNotFound;
      ids.insert(id);
    }
    // One query per chunk of ids rather than one per id (lists may be thousands long).
    constexpr std::size_t kChunk = 500;
    const std::vector<std::string> wanted(ids.begin(), ids.end());
    for (std::size_t from = 0; from < wanted.size(); from += kChunk) {
      const std::size_t n = std::min(kChunk, wanted.size() - from);
      Params params{who.organization_id};
      std::string in;
      for (std::size_t k = 0; k < n; ++k) {
        params.emplace_back(wanted[from + k]);
        in += (k ? ", $" : "$") + std::to_string(k + 2);
      }
      const auto found = c.Query(
          "SELECT COUNT(*) FROM devices WHERE organization_id = $1 AND id IN (" + in + ")", params);
      if (found[0].Int(0) != static_cast<std::int64_t>(n)) return kDeviceNotFound;
    }
    for (const auto& group_id : target.group_ids) {
      if (!FindGroup(c, who.organization_id, group_id)) return kGroupNotFound;
      for (const auto& row :
           c.Query("SELECT device_id FROM device_group_members WHERE group_id = $1", {group_id})) {
        ids.insert(row.Text(0));
      }
    }
    std::vector<std::string> list(ids.begin(), ids.end());
    const auto count = static_cast<std::int64_t>(list.size());
    return Targets(std::move(list), count);
  });
  if (!resolved) co_return resolved.error();
  SentCommand sent{.command_id = platform::NewId(), .devices = resolved->second};
  const std::string frame = json::serialize(json::object{{"type", "command"},
                                                         {"commandId", sent.command_id},
                                                         {"command", command},
                                                         {"args", std::move(args)}});
  Publish(bus_, who.organization_id,
          {.op = DeviceMessage::Op::kSend,
           .frame = frame,
           .device_ids = std::move(resolved->first),
           .all = everyone});
  // One audit row per call, however many screens it reached, written after the command left
  // so that the screens do not wait for a write transaction.
  json::object details{{"command", command}, {"devices", sent.devices}, {"all", everyone}};
  if (target.device_ids.size() == 1 && target.group_ids.empty()) {
    details["deviceId"] = target.device_ids[0];
  }
  co_await db_.Transact([&](Connection& c) {
    audit::Record(c, identity::AuditEntry(who, meta, "device.command_sent", "command",
                                          sent.command_id, std::move(details)));
  });
  co_return sent;
}

awaitable<GroupPage> DevicesService::ListGroups(const identity::Principal& who,
                                                platform::net::PageRequest page) {
  co_return co_await db_.Read([&](Connection& c) {
    Params params{who.organization_id, page.limit + 1};
    std::string where = "g.organization_id = $1";
    if (page.after) {
      where += " AND (g.created_at > $3 OR (g.created_at = $3 AND g.id > $4))";
      params.emplace_back(page.after->time);
      params.emplace_back(page.after->id);
    }
    const auto rows = c.Query(
        "SELECT g.id, g.name, g.created_at, (SELECT COUNT(*) FROM device_group_members m WHERE "
        "m.group_id = g.id) FROM device_groups g WHERE " +
            where + " ORDER BY g.created_at, g.id LIMIT $2",
        params);
    GroupPage out;
    for (const auto& r : rows) {
      out.items.push_back({.id = r.Text(0),
                           .organization_id = who.organization_id,
                           .name = r.Text(1),
                           .device_count = r.Int(3),
                           .created_at = r.Int(2)});
    }
    out.next_cursor = platform::net::TrimToPage(out.items, page.limit);
    return out;
  });
}

awaitable<Result<DeviceGroup>> DevicesService::CreateGroup(const identity::Principal& who,
                                                           std::string name,
                                                           identity::RequestMeta meta) {
  const std::string id = platform::NewId();
  const std::int64_t now = platform::NowMillis();
  auto created = co_await db_.TransactOrError([&](Connection& c) {
    try {
      c.Execute(
          "INSERT INTO device_groups (id, organization_id, name, created_at, updated_at) VALUES "
          "($1, $2, $3, $4, $4)",
          {id, who.organization_id, name, now});
    } catch (const platform::store::DatabaseError& e) {
      if (e.kind() != platform::store::DatabaseError::Kind::kUniqueViolation) throw;
      throw ErrorException(Error(errors::kGroupNameTaken, "a group with this name exists"));
    }
    audit::Record(c, identity::AuditEntry(who, meta, "device_group.created", "device_group", id,
                                          {{"name", name}}));
    return DeviceGroup{
        .id = id, .organization_id = who.organization_id, .name = name, .created_at = now};
  });
  if (!created) co_return created.error();
  co_return std::move(*created);
}

awaitable<Result<DeviceGroup>> DevicesService::RenameGroup(const identity::Principal& who,
                                                           std::string group_id, std::string name,
                                                           identity::RequestMeta meta) {
  auto renamed = co_await db_.TransactOrError([&](Connection& c) {
    if (!FindGroup(c, who.organization_id, group_id)) throw ErrorException(kGroupNotFound);
    try {
      c.Execute(
          "UPDATE device_groups SET name = $3, updated_at = $4 WHERE id = $1 AND "
          "organization_id = $2",
          {group_id, who.organization_id, name, platform::NowMillis()});
    } catch (const platform::store::DatabaseError& e) {
      if (e.kind() != platform::store::DatabaseError::Kind::kUniqueViolation) throw;
      throw ErrorException(Error(errors::kGroupNameTaken, "a group with this name exists"));
    }
    audit::Record(c, identity::AuditEntry(who, meta, "device_group.renamed", "device_group",
                                          group_id, {{"name", name}}));
    return *FindGroup(c, who.organization_id, group_id);
  });
  if (!renamed) co_return renamed.error();
  co_return std::move(*renamed);
}

awaitable<Result<bool>> DevicesService::DeleteGroup(const identity::Principal& who,
                                                    std::string group_id,
                                                    identity::RequestMeta meta) {
  auto deleted = co_await db_.TransactOrError([&](Connection& c) {
    const auto group = FindGroup(c, who.organization_id, group_id);
    if (!group) throw ErrorException(kGroupNotFound);
    c.Execute("DELETE FROM device_groups WHERE id = $1 AND organization_id = $2",
              {group_id, who.organization_id});
    audit::Record(c,
                  identity::AuditEntry(who, meta, "device_group.deleted", "device_group", group_id,
                                       {{"name", group->name}, {"devices", group->device_count}}));
    return true;
  });
  if (!deleted) co_return deleted.error();
  // Schedules and publishes aimed at the group no longer reach its screens.
  if (changed_) changed_(who.organization_id);
  co_return true;
}

awaitable<std::optional<DeviceIdentity>> DevicesService::Authenticate(std::string token) {
  if (token.empty() || token.size() > 128) co_return std::nullopt;
  const std::string hash = platform::auth::HashToken(token);
  co_return co_await db_.Read([&](Connection& c) -> std::optional<DeviceIdentity> {
    const auto rows =
        c.Query("SELECT id, organization_id, nickname FROM devices WHERE token_hash = $1", {hash});
    if (rows.empty()) return std::nullopt;
    return DeviceIdentity{rows[0].Text(0), rows[0].Text(1), rows[0].Text(2)};
  });
}

}  // namespace vizora::devices
