#include "vizora/publishing/instant_publishes.hpp"

#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/store/sql_builder.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/devices/devices_service.hpp"
#include "vizora/identity/audit_entry.hpp"

namespace vizora::publishing {

namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;
using platform::store::Nullable;

namespace {

const Error kPublishNotFound(platform::errors::kNotFound, "no such instant publish");
constexpr std::string_view kColumns =
    "p.id, p.organization_id, p.playlist_id, p.all_devices, p.starts_at, p.expires_at, "
    "p.ended_at, p.created_by, p.created_at";

InstantPublish PublishFrom(const platform::store::Row& r) {
  return InstantPublish{.id = r.Text(0),
                        .organization_id = r.Text(1),
                        .playlist_id = r.Text(2),
                        .all_devices = r.Bool(3),
                        .starts_at = r.Int(4),
                        .expires_at = r.OptInt(5),
                        .ended_at = r.OptInt(6),
                        .created_by = r.OptText(7),
                        .created_at = r.Int(8)};
}

void LoadTargets(Connection& c, std::vector<InstantPublish>& publishes) {
  for (auto& p : publishes) {
    for (const auto& r : c.Query("SELECT device_id FROM instant_publish_devices WHERE publish_id "
                                 "= $1 ORDER BY device_id",
                                 {p.id})) {
      p.device_ids.push_back(r.Text(0));
    }
    for (const auto& r : c.Query("SELECT group_id FROM instant_publish_groups WHERE publish_id = "
                                 "$1 ORDER BY group_id",
                                 {p.id})) {
      p.group_ids.push_back(r.Text(0));
    }
  }
}

std::optional<InstantPublish> FindPublish(Connection& c, const std::string& organization_id,
                                          const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows =
      c.Query("SELECT " + std::string(kColumns) +
                  " FROM instant_publishes p WHERE p.id = $1 AND p.organization_id = $2",
              {id, organization_id});
  if (rows.empty()) return std::nullopt;
  std::vector<InstantPublish> one{PublishFrom(rows[0])};
  LoadTargets(c, one);
  return std::move(one[0]);
}

json::array Ids(const std::vector<std::string>& ids) {
  json::array out;
  for (const auto& id : ids) out.emplace_back(id);
  return out;
}

}  // namespace

json::object ToJson(const InstantPublish& p, std::int64_t now) {
  auto time = [](const std::optional<std::int64_t>& t) {
    return t ? json::value(platform::FormatIso8601(*t)) : json::value(nullptr);
  };
  return {{"id", p.id},
          {"playlistId", p.playlist_id},
          {"deviceIds", Ids(p.device_ids)},
          {"groupIds", Ids(p.group_ids)},
          {"allDevices", p.all_devices},
          {"startsAt", platform::FormatIso8601(p.starts_at)},
          {"expiresAt", time(p.expires_at)},
          {"endedAt", time(p.ended_at)},
          {"active", p.ActiveAt(now)},
          {"createdBy", p.created_by ? json::value(*p.created_by) : json::value(nullptr)},
          {"createdAt", platform::FormatIso8601(p.created_at)}};
}

std::vector<InstantPublish> LoadLivePublishes(Connection& c, const std::string& organization_id,
                                              std::int64_t now) {
  std::vector<InstantPublish> out;
  for (const auto& r : c.Query("SELECT " + std::string(kColumns) +
                                   " FROM instant_publishes p WHERE p.organization_id = $1 AND "
                                   "p.ended_at IS NULL AND (p.expires_at IS NULL OR "
                                   "p.expires_at > $2) ORDER BY p.starts_at, p.id",
                               {organization_id, now})) {
    out.push_back(PublishFrom(r));
  }
  LoadTargets(c, out);
  return out;
}

InstantPublishes::InstantPublishes(platform::store::Database& db, Changed changed)
    : db_(db), changed_(std::move(changed)) {}

awaitable<Result<InstantPublish>> InstantPublishes::Publish(const identity::Principal& who,
                                                            std::string playlist_id,
                                                            PublishInput in,
                                                            identity::RequestMeta meta) {
  const std::int64_t now = platform::NowMillis();
  InstantPublish p{.id = platform::NewId(),
                   .organization_id = who.organization_id,
                   .playlist_id = std::move(playlist_id),
                   .all_devices = in.all_devices,
                   .device_ids = std::move(in.device_ids),
                   .group_ids = std::move(in.group_ids),
                   .starts_at = now,
                   .created_by = who.user_id,
                   .created_at = now};
  if (in.duration_minutes) p.expires_at = now + *in.duration_minutes * 60'000;
  if (in.expires_at) p.expires_at = in.expires_at;
  auto created = co_await db_.TransactOrError([&](Connection& c) {
    if (!playlists::LockPlaylistForUse(c, who.organization_id, p.playlist_id)) {
      throw ErrorException(Error(platform::errors::kNotFound, "no such playlist"));
    }
    if (!p.all_devices && p.device_ids.empty() && p.group_ids.empty()) {
      throw ErrorException(
          platform::net::UnprocessableField("deviceIds", "name screens, groups, or allDevices"));
    }
    if (p.expires_at && *p.expires_at <= now) {
      throw ErrorException(platform::net::UnprocessableField("expiresAt", "must be in the future"));
    }
    if (auto unknown = devices::UnknownDevices(c, who.organization_id, p.device_ids);
        !unknown.empty()) {
      throw ErrorException(platform::net::UnknownIds("deviceIds", "no such screen", unknown));
    }
    if (auto unknown = devices::UnknownGroups(c, who.organization_id, p.group_ids);
        !unknown.empty()) {
      throw ErrorException(platform::net::UnknownIds("groupIds", "no such group", unknown));
    }
    c.Execute(
        "INSERT INTO instant_publishes (id, organization_id, playlist_id, all_devices, starts_at, "
        "expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $5)",
        {p.id, p.organization_id, p.playlist_id, std::int64_t{p.all_devices ? 1 : 0}, now,
         Nullable(p.expires_at), who.user_id});
    for (const auto& d : p.device_ids) {
      c.Execute(
          "INSERT INTO instant_publish_devices (publish_id, device_id) VALUES ($1, $2) ON "
          "CONFLICT DO NOTHING",
          {p.id, d});
    }
    for (const auto& g : p.group_ids) {
      c.Execute(
          "INSERT INTO instant_publish_groups (publish_id, group_id) VALUES ($1, $2) ON "
          "CONFLICT DO NOTHING",
          {p.id, g});
    }
    // When it runs out, screens already know (their timeline says so); the job refreshes
    // their manifests with nobody looking.
    if (p.expires_at) {
      platform::jobs::Enqueue(
          c, kExpiredQueue,
          json::serialize(json::object{{"organizationId", p.organization_id}, {"publishId", p.id}}),
          {.max_attempts = 3, .delay = std::chrono::milliseconds(*p.expires_at - now)});
    }
    audit::Record(c, identity::AuditEntry(who, meta, "publish.created", "instant_publish", p.id,
                                          {{"playlistId", p.playlist_id},
                                           {"allDevices", p.all_devices},
                                           {"devices", p.device_ids.size()},
                                           {"groups", p.group_ids.size()}}));
    return *FindPublish(c, who.organization_id, p.id);
  });
  if (created && changed_) changed_(who.organization_id, created->id);
  co_return created;
}

awaitable<PublishPage> InstantPublishes::List(const identity::Principal& who, bool active_only,
                                              platform::net::PageRequest page) {
  const std::int64_t now = platform::NowMillis();
  co_return co_await db_.Read([&](Connection& c) {
    platform::store::SqlBuilder q({who.organization_id, page.limit + 1});
    if (active_only) {
      const std::string t = q.Bind(now);
      q.And("p.ended_at IS NULL AND (p.expires_at IS NULL OR p.expires_at > " + t + ")");
    }
    if (page.after) q.After("p.created_at", "p.id", page.after->time, page.after->id, true);
    PublishPage out;
    for (const auto& r :
         c.Query("SELECT " + std::string(kColumns) +
                     " FROM instant_publishes p WHERE p.organization_id = $1" + q.conditions() +
                     " ORDER BY p.created_at DESC, p.id DESC LIMIT $2",
                 q.params())) {
      out.items.push_back(PublishFrom(r));
    }
    out.next_cursor = platform::net::TrimToPage(out.items, page.limit);
    LoadTargets(c, out.items);
    return out;
  });
}

awaitable<Result<InstantPublish>> InstantPublishes::End(const identity::Principal& who,
                                                        std::string id,
                                                        identity::RequestMeta meta) {
  const std::int64_t now = platform::NowMillis();
  auto ended = co_await db_.TransactOrError([&](Connection& c) {
    auto p = FindPublish(c, who.organization_id, id);
    if (!p || !p->ActiveAt(now)) throw ErrorException(kPublishNotFound);
    c.Execute("UPDATE instant_publishes SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL",
              {now, p->id});
    audit::Record(c, identity::AuditEntry(who, meta, "publish.ended", "instant_publish", p->id));
    return *FindPublish(c, who.organization_id, p->id);
  });
  if (ended && changed_) changed_(who.organization_id, ended->id);
  co_return ended;
}

json::object PublishPlaylistUsers::Using(Connection& c, const std::string& playlist_id) {
  json::array ids;
  for (const auto& r : c.Query("SELECT id FROM instant_publishes WHERE playlist_id = $1 AND "
                               "ended_at IS NULL AND (expires_at IS NULL OR expires_at > $2) "
                               "ORDER BY id",
                               {playlist_id, platform::NowMillis()})) {
    ids.emplace_back(r.Text(0));
  }
  if (ids.empty()) return {};
  return {{"instantPublishes", std::move(ids)}};
}

}  // namespace vizora::publishing
