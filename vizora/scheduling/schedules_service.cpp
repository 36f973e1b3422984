#include "vizora/scheduling/schedules_service.hpp"

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/time_zone.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/store/sql_builder.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/devices/devices_service.hpp"
#include "vizora/identity/audit_entry.hpp"
#include "vizora/scheduling/cron.hpp"

namespace vizora::scheduling {

namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;
using platform::store::Nullable;

namespace {

const Error kScheduleNotFound(platform::errors::kNotFound, "no such schedule");
constexpr std::string_view kColumns =
    "s.id, s.organization_id, s.name, s.description, s.playlist_id, s.cron_expression, "
    "s.duration_minutes, s.timezone, s.start_date, s.end_date, s.priority, s.is_active, "
    "s.allow_override, s.last_executed_at, s.execution_count, s.created_by, s.created_at, "
    "s.updated_at";

Schedule ScheduleFrom(const platform::store::Row& r) {
  return Schedule{.id = r.Text(0),
                  .organization_id = r.Text(1),
                  .name = r.Text(2),
                  .description = r.Text(3),
                  .playlist_id = r.Text(4),
                  .cron_expression = r.Text(5),
                  .timezone = r.Text(7),
                  .duration_minutes = r.OptInt(6),
                  .start_date = r.OptInt(8),
                  .end_date = r.OptInt(9),
                  .priority = r.Int(10),
                  .is_active = r.Bool(11),
                  .allow_override = r.Bool(12),
                  .last_executed_at = r.OptInt(13),
                  .execution_count = r.Int(14),
                  .created_by = r.OptText(15),
                  .created_at = r.Int(16),
                  .updated_at = r.Int(17)};
}

void LoadTargets(Connection& c, std::vector<Schedule>& schedules) {
  for (auto& s : schedules) {
    for (const auto& r :
         c.Query("SELECT device_id FROM schedule_devices WHERE schedule_id = $1 ORDER BY device_id",
                 {s.id})) {
      s.device_ids.push_back(r.Text(0));
    }
    for (const auto& r :
         c.Query("SELECT group_id FROM schedule_groups WHERE schedule_id = $1 ORDER BY group_id",
                 {s.id})) {
      s.group_ids.push_back(r.Text(0));
    }
  }
}

std::optional<Schedule> FindSchedule(Connection& c, const std::string& organization_id,
                                     const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows = c.Query("SELECT " + std::string(kColumns) +
                                " FROM schedules s WHERE s.id = $1 AND s.organization_id = $2",
                            {id, organization_id});
  if (rows.empty()) return std::nullopt;
  std::vector<Schedule> one{ScheduleFrom(rows[0])};
  LoadTargets(c, one);
  return std::move(one[0]);
}

// The whole schedule checked, as it will be saved (422 for what does not make sense).
void Validate(Connection& c, const Schedule& s) {
  if (auto cron = CronExpression::Parse(s.cron_expression); !cron) {
    throw ErrorException(cron.error());
  }
  if (!platform::IsKnownTimeZone(s.timezone)) {
    throw ErrorException(platform::net::UnprocessableField("timezone", "not an IANA time zone"));
  }
  if (s.priority < kMinPriority || s.priority > kMaxPriority) {
    throw ErrorException(platform::net::UnprocessableField("priority", "from 0 to 100"));
  }
  if (s.start_date && s.end_date && *s.end_date <= *s.start_date) {
    throw ErrorException(platform::net::UnprocessableField("endDate", "must be after startDate"));
  }
  if (!playlists::LockPlaylistForUse(c, s.organization_id, s.playlist_id)) {
    throw ErrorException(platform::net::UnprocessableField("playlistId", "no such playlist"));
  }
  if (auto unknown = devices::UnknownDevices(c, s.organization_id, s.device_ids);
      !unknown.empty()) {
    throw ErrorException(platform::net::UnknownIds("deviceIds", "no such screen", unknown));
  }
  if (auto unknown = devices::UnknownGroups(c, s.organization_id, s.group_ids); !unknown.empty()) {
    throw ErrorException(platform::net::UnknownIds("groupIds", "no such group", unknown));
  }
}

void Write(Connection& c, const Schedule& s, bool insert) {
  const std::int64_t now = platform::NowMillis();
  const platform::store::Params params{s.id,
                                       s.organization_id,
                                       s.name,
                                       s.description,
                                       s.playlist_id,
                                       s.cron_expression,
                                       Nullable(s.duration_minutes),
                                       s.timezone,
                                       Nullable(s.start_date),
                                       Nullable(s.end_date),
                                       s.priority,
                                       std::int64_t{s.is_active ? 1 : 0},
                                       std::int64_t{s.allow_override ? 1 : 0},
                                       Nullable(s.created_by),
                                       now};
  if (insert) {
    c.Execute(
        "INSERT INTO schedules (id, organization_id, name, description, playlist_id, "
        "cron_expression, duration_minutes, timezone, start_date, end_date, priority, is_active, "
        "allow_override, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "$8, $9, $10, $11, $12, $13, $14, $15, $15)",
        params);
  } else {
    c.Execute(
        "UPDATE schedules SET name = $3, description = $4, playlist_id = $5, cron_expression = "
        "$6, duration_minutes = $7, timezone = $8, start_date = $9, end_date = $10, priority = "
        "$11, is_active = $12, allow_override = $13, created_by = COALESCE(created_by, $14), "
        "updated_at = $15 WHERE id = $1 AND organization_id = $2",
        params);
  }
  c.Execute("DELETE FROM schedule_devices WHERE schedule_id = $1", {s.id});
  c.Execute("DELETE FROM schedule_groups WHERE schedule_id = $1", {s.id});
  for (const auto& d : s.device_ids) {
    c.Execute(
        "INSERT INTO schedule_devices (schedule_id, device_id) VALUES ($1, $2) ON CONFLICT "
        "DO NOTHING",
        {s.id, d});
  }
  for (const auto& g : s.group_ids) {
    c.Execute(
        "INSERT INTO schedule_groups (schedule_id, group_id) VALUES ($1, $2) ON CONFLICT "
        "DO NOTHING",
        {s.id, g});
  }
}

json::object Summary(const Schedule& s) {
  return {{"name", s.name},
          {"playlistId", s.playlist_id},
          {"cronExpression", s.cron_expression},
          {"priority", s.priority},
          {"isActive", s.is_active}};
}

}  // namespace

std::vector<Schedule> LoadSchedules(Connection& c, const std::string& organization_id) {
  std::vector<Schedule> out;
  for (const auto& r : c.Query("SELECT " + std::string(kColumns) +
                                   " FROM schedules s WHERE s.organization_id = $1 ORDER BY "
                                   "s.created_at, s.id",
                               {organization_id})) {
    out.push_back(ScheduleFrom(r));
  }
  LoadTargets(c, out);
  return out;
}

SchedulesService::SchedulesService(platform::store::Database& db, Changed changed)
    : db_(db), changed_(std::move(changed)) {}

awaitable<SchedulePage> SchedulesService::List(const identity::Principal& who,
                                               platform::net::PageRequest page) {
  co_return co_await db_.Read([&](Connection& c) {
    platform::store::SqlBuilder q({who.organization_id, page.limit + 1});
    if (page.after) q.After("s.created_at", "s.id", page.after->time, page.after->id, false);
    SchedulePage out;
    for (const auto& r : c.Query("SELECT " + std::string(kColumns) +
                                     " FROM schedules s WHERE s.organization_id = $1" +
                                     q.conditions() + " ORDER BY s.created_at, s.id LIMIT $2",
                                 q.params())) {
      out.items.push_back(ScheduleFrom(r));
    }
    out.next_cursor = platform::net::TrimToPage(out.items, page.limit);
    LoadTargets(c, out.items);
    return out;
  });
}

awaitable<Result<Schedule>> SchedulesService::Get(const identity::Principal& who, std::string id) {
  auto found =
      co_await db_.Read([&](Connection& c) { return FindSchedule(c, who.organization_id, id); });
  if (!found) co_return kScheduleNotFound;
  co_return std::move(*found);
}

awaitable<Result<Schedule>> SchedulesService::Create(const identity::Principal& who,
                                                     ScheduleInput in, identity::RequestMeta meta) {
  Schedule s{.id = platform::NewId(),
             .organization_id = who.organization_id,
             .name = std::move(in.name),
             .description = std::move(in.description),
             .playlist_id = std::move(in.playlist_id),
             .cron_expression = std::move(in.cron_expression),
             .timezone = std::move(in.timezone),
             .duration_minutes = in.duration_minutes,
             .start_date = in.start_date,
             .end_date = in.end_date,
             .priority = in.priority,
             .is_active = in.is_active,
             .allow_override = in.allow_override,
             .device_ids = std::move(in.device_ids),
             .group_ids = std::move(in.group_ids),
             .created_by = who.user_id};
  auto created = co_await db_.TransactOrError([&](Connection& c) {
    Validate(c, s);
    Write(c, s, true);
    audit::Record(
        c, identity::AuditEntry(who, meta, "schedule.created", "schedule", s.id, Summary(s)));
    return *FindSchedule(c, who.organization_id, s.id);
  });
  if (created && changed_) changed_(who.organization_id);
  co_return created;
}

awaitable<Result<Schedule>> SchedulesService::Update(const identity::Principal& who, std::string id,
                                                     SchedulePatch p, identity::RequestMeta meta) {
  auto updated = co_await db_.TransactOrError([&](Connection& c) {
    auto found = FindSchedule(c, who.organization_id, id);
    if (!found) throw ErrorException(kScheduleNotFound);
    Schedule s = std::move(*found);
    if (p.name) s.name = *p.name;
    if (p.description) s.description = *p.description;
    if (p.playlist_id) s.playlist_id = *p.playlist_id;
    if (p.cron_expression) s.cron_expression = *p.cron_expression;
    if (p.timezone) s.timezone = *p.timezone;
    if (p.set_duration) s.duration_minutes = p.duration_minutes;
    if (p.set_start) s.start_date = p.start_date;
    if (p.set_end) s.end_date = p.end_date;
    if (p.priority) s.priority = *p.priority;
    if (p.is_active) s.is_active = *p.is_active;
    if (p.allow_override) s.allow_override = *p.allow_override;
    if (p.device_ids) s.device_ids = *p.device_ids;
    if (p.group_ids) s.group_ids = *p.group_ids;
    Validate(c, s);
    Write(c, s, false);
    audit::Record(
        c, identity::AuditEntry(who, meta, "schedule.updated", "schedule", s.id, Summary(s)));
    return *FindSchedule(c, who.organization_id, s.id);
  });
  if (updated && changed_) changed_(who.organization_id);
  co_return updated;
}

awaitable<Result<bool>> SchedulesService::Delete(const identity::Principal& who, std::string id,
                                                 identity::RequestMeta meta) {
  auto deleted = co_await db_.TransactOrError([&](Connection& c) {
    if (!platform::IsUuid(id) ||
        c.Execute("DELETE FROM schedules WHERE id = $1 AND organization_id = $2",
                  {id, who.organization_id}) == 0) {
      throw ErrorException(kScheduleNotFound);
    }
    audit::Record(c, identity::AuditEntry(who, meta, "schedule.deleted", "schedule", id));
    return true;
  });
  if (deleted && changed_) changed_(who.organization_id);
  co_return deleted;
}

json::object SchedulePlaylistUsers::Using(Connection& c, const std::string& playlist_id) {
  json::array ids;
  for (const auto& r :
       c.Query("SELECT id FROM schedules WHERE playlist_id = $1 ORDER BY id", {playlist_id})) {
    ids.emplace_back(r.Text(0));
  }
  if (ids.empty()) return {};
  return {{"schedules", std::move(ids)}};
}

}  // namespace vizora::scheduling
