#include "vizora/scheduling/schedule_routes.hpp"

#include "platform/core/clock.hpp"
#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/identity/identity_routes.hpp"

namespace vizora::scheduling {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using identity::MetaOf;
using identity::PrincipalOf;
using platform::Result;

namespace {

constexpr std::size_t kMaxBodyBytes = 512 * 1024;
// Wide on purpose: the service answers 422 for a priority outside 0-100.
constexpr std::int64_t kAnyPriority = 1'000'000'000;
const net::StringRule kIdRule{.max_bytes = 64};

// An ISO 8601 time, null, or absent.
Result<std::optional<std::int64_t>> TimeField(const json::object& body, std::string_view name) {
  RESULT_TRY(text, net::StringField(body, name, {.required = false, .max_bytes = 40}));
  if (!*text) return std::optional<std::int64_t>();
  const auto parsed = platform::ParseIso8601(**text);
  if (!parsed) return net::FieldError(name, "an ISO 8601 time like 2026-01-26T20:00:00.000Z");
  return std::optional<std::int64_t>(*parsed);
}

struct Fields {
  std::optional<std::string> name, description, playlist_id, cron, timezone;
  std::optional<std::int64_t> duration, start, end, priority;
  std::optional<bool> active, allow_override;
  std::optional<std::vector<std::string>> devices, groups;
};

Result<Fields> FieldsOf(const json::object& body, bool create) {
  Fields f;
  RESULT_TRY(name,
             net::StringField(body, "name", {.required = create, .max_bytes = kMaxNameBytes}));
  RESULT_TRY(description,
             net::StringField(
                 body, "description",
                 {.required = false, .max_bytes = kMaxDescriptionBytes, .allow_empty = true}));
  RESULT_TRY(playlist, net::StringField(body, "playlistId", {.required = create, .max_bytes = 64}));
  RESULT_TRY(cron, net::StringField(body, "cronExpression",
                                    {.required = create, .max_bytes = kMaxCronBytes}));
  RESULT_TRY(zone, net::StringField(body, "timezone", {.required = false, .max_bytes = 64}));
  RESULT_TRY(duration, net::IntField(body, "durationMinutes", 1, kMaxDurationMinutes));
  RESULT_TRY(start, TimeField(body, "startDate"));
  RESULT_TRY(end, TimeField(body, "endDate"));
  RESULT_TRY(priority, net::IntField(body, "priority", -kAnyPriority, kAnyPriority));
  RESULT_TRY(active, net::BoolField(body, "isActive"));
  RESULT_TRY(allow, net::BoolField(body, "allowOverride"));
  RESULT_TRY(devices, net::StringArrayField(body, "deviceIds", kMaxTargets, kIdRule));
  RESULT_TRY(groups, net::StringArrayField(body, "groupIds", kMaxTargets, kIdRule));
  f.name = *name, f.description = *description, f.playlist_id = *playlist, f.cron = *cron;
  f.timezone = *zone, f.duration = *duration, f.start = *start, f.end = *end;
  f.priority = *priority, f.active = *active, f.allow_override = *allow;
  f.devices = *devices, f.groups = *groups;
  return f;
}

Result<ScheduleInput> InputOf(const json::object& body) {
  RESULT_TRY(f, FieldsOf(body, true));
  return ScheduleInput{.name = *f->name,
                       .description = f->description.value_or(""),
                       .playlist_id = *f->playlist_id,
                       .cron_expression = *f->cron,
                       .timezone = f->timezone.value_or("UTC"),
                       .duration_minutes = f->duration,
                       .start_date = f->start,
                       .end_date = f->end,
                       .priority = f->priority.value_or(0),
                       .is_active = f->active.value_or(true),
                       .allow_override = f->allow_override.value_or(true),
                       .device_ids = f->devices.value_or(std::vector<std::string>{}),
                       .group_ids = f->groups.value_or(std::vector<std::string>{})};
}

Result<SchedulePatch> PatchOf(const json::object& body) {
  RESULT_TRY(f, FieldsOf(body, false));
  return SchedulePatch{.name = f->name,
                       .description = f->description,
                       .playlist_id = f->playlist_id,
                       .cron_expression = f->cron,
                       .timezone = f->timezone,
                       .set_duration = body.contains("durationMinutes"),
                       .set_start = body.contains("startDate"),
                       .set_end = body.contains("endDate"),
                       .duration_minutes = f->duration,
                       .start_date = f->start,
                       .end_date = f->end,
                       .priority = f->priority,
                       .is_active = f->active,
                       .allow_override = f->allow_override,
                       .device_ids = f->devices,
                       .group_ids = f->groups};
}

}  // namespace

void AddScheduleRoutes(net::Router& router, SchedulesService& service) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/schedules",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(page, net::ParsePageRequest(r));
                const SchedulePage found = co_await service.List(PrincipalOf(r), *page);
                const std::int64_t now = platform::NowMillis();
                json::array items;
                for (const auto& s : found.items) items.push_back(ToJson(s, now));
                co_return net::Response::Json(200,
                                              net::PageJson(std::move(items), found.next_cursor));
              },
              .summary = "The organization's schedules",
              .access = "viewer"});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/schedules",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(input, InputOf(*body));
                NET_TRY(schedule,
                        co_await service.Create(PrincipalOf(r), std::move(*input), MetaOf(r)));
                co_return net::Response::Json(
                    201, json::object{{"schedule", ToJson(*schedule, platform::NowMillis())}});
              },
              .summary = "Schedule a playlist on screens (cron in an IANA time zone)",
              .max_body_bytes = kMaxBodyBytes,
              .access = "manager"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/schedules/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(schedule,
                        co_await service.Get(PrincipalOf(r), std::string(r.PathParam("id"))));
                co_return net::Response::Json(
                    200, json::object{{"schedule", ToJson(*schedule, platform::NowMillis())}});
              },
              .summary = "One schedule",
              .access = "viewer"});

  router.Add({.method = net::Method::kPatch,
              .pattern = "/api/v1/schedules/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(patch, PatchOf(*body));
                NET_TRY(schedule,
                        co_await service.Update(PrincipalOf(r), std::string(r.PathParam("id")),
                                                std::move(*patch), MetaOf(r)));
                co_return net::Response::Json(
                    200, json::object{{"schedule", ToJson(*schedule, platform::NowMillis())}});
              },
              .summary = "Change a schedule",
              .max_body_bytes = kMaxBodyBytes,
              .access = "manager"});

  router.Add({.method = net::Method::kDelete,
              .pattern = "/api/v1/schedules/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(deleted, co_await service.Delete(
                                     PrincipalOf(r), std::string(r.PathParam("id")), MetaOf(r)));
                co_return net::Response::NoContent();
              },
              .summary = "Delete a schedule",
              .access = "manager"});
}

}  // namespace vizora::scheduling
