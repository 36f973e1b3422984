#include "vizora/analytics/analytics_routes.hpp"

#include "platform/core/clock.hpp"
#include "platform/core/time_zone.hpp"
#include "platform/net/handler_support.hpp"
#include "vizora/devices/device_routes.hpp"
#include "vizora/identity/identity_routes.hpp"

namespace vizora::analytics {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::FormatIso8601;
using platform::kMillisPerHour;

namespace {

constexpr std::size_t kMaxBatchBodyBytes = 1 << 20;
constexpr std::int64_t kDefaultReportRangeMs = 7 * platform::kMillisPerDay;

// The writer could not take or store them (its queue full, the database failing): the player
// keeps the events and sends them again.
platform::Error NotStored() {
  return platform::Error(platform::errors::kUnavailable,
                         "the events could not be stored now: send them again later");
}

// Replaces the events naming content that is not the organization's with a refusal.
awaitable<void> RefuseForeignContent(EventStore& store, const std::string& organization_id,
                                     std::vector<platform::Result<DeviceEvent>>& events) {
  std::set<std::string> named;
  for (const auto& event : events) {
    if (event) {
      if (auto content = ContentOf(*event)) named.emplace(*content);
    }
  }
  if (named.empty()) co_return;
  const std::string organization = organization_id;
  const std::set<std::string> foreign =
      co_await store.ForeignContent(organization, std::move(named));
  for (auto& event : events) {
    if (!event) continue;
    const auto content = ContentOf(*event);
    if (content && foreign.contains(std::string(*content))) {
      event = platform::Error(platform::errors::kValidation,
                              "contentId is not content of this organization");
    }
  }
}

// A report's range: `from` and `to` (ISO 8601), by default the 7 days up to now.
struct Range {
  std::int64_t from = 0, to = 0;
};

platform::Result<Range> RangeOf(const net::Request& r) {
  RESULT_TRY(to_query, net::TimeQuery(r, "to"));
  const std::int64_t to = to_query->value_or(platform::NowMillis());
  RESULT_TRY(from_query, net::TimeQuery(r, "from"));
  const std::int64_t from = from_query->value_or(to - kDefaultReportRangeMs);
  if (to <= from) return net::FieldError("to", "must be after from");
  return Range{from, to};
}

json::object RangeJson(const Range& range) {
  return {{"from", FormatIso8601(range.from)}, {"to", FormatIso8601(range.to)}};
}

// A report: the caller's organization and the range in, its items out.
using ReportItems = std::function<awaitable<json::array>(std::string organization_id, Range range)>;

// GET `pattern`: `{from, to, items}` for the caller's organization. Reports kept per hour
// (`whole_hours`) widen the range to whole hours, and the answer says which range it used.
void AddReport(net::Router& router, std::string pattern, std::string summary, bool whole_hours,
               ReportItems items) {
  router.Add({.method = net::Method::kGet,
              .pattern = std::move(pattern),
              .handler = [items = std::move(items),
                          whole_hours](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(asked, RangeOf(r));
                Range range = *asked;
                if (whole_hours) {
                  range = {platform::FloorTo(range.from, kMillisPerHour),
                           platform::CeilTo(range.to, kMillisPerHour)};
                }
                const std::string organization_id = identity::PrincipalOf(r).organization_id;
                json::object out = RangeJson(range);
                out["items"] = co_await items(organization_id, range);
                co_return net::Response::Json(200, out);
              },
              .summary = std::move(summary),
              .access = "viewer"});
}

}  // namespace

devices::DeviceEventSink MakeDeviceEventSink(EventStore& store) {
  return [&store](const std::string& organization_id, const std::string& device_id,
                  json::object frame) -> awaitable<std::optional<platform::Error>> {
    std::vector<platform::Result<DeviceEvent>> events;
    events.push_back(ParseDeviceEvent(frame, platform::NowMillis(), device_id));
    co_await RefuseForeignContent(store, organization_id, events);
    if (!events.front()) co_return events.front().error();
    std::vector<DeviceEvent> accepted;
    accepted.push_back(std::move(*events.front()));
    // Locals first: GCC 12 mishandles temporaries inside a co_await expression.
    const std::string organization = organization_id, device = device_id;
    if (!co_await store.Record(organization, device, std::move(accepted))) co_return NotStored();
    co_return std::nullopt;
  };
}

void LogApiRequest(ApiLogWriter& writer, const net::Request& request, int status,
                   std::int64_t duration_us) {
  if (request.route == nullptr || !request.route->pattern.starts_with("/api/")) return;
  ApiRequest entry{.method = std::string(net::MethodName(request.method)),
                   .route = request.route->pattern,
                   .status = status,
                   .at = platform::NowMillis(),
                   .duration_us = duration_us};
  if (const auto* user = std::any_cast<identity::Principal>(&request.principal)) {
    entry.organization_id = user->organization_id;
    entry.user_id = user->user_id;
  } else if (const auto* device = std::any_cast<devices::DeviceIdentity>(&request.principal)) {
    entry.organization_id = device->organization_id;
    entry.device_id = device->device_id;
  } else {
    return;
  }
  writer.Push(std::move(entry));
}

void AddAnalyticsRoutes(net::Router& router, EventStore& store, Reports& reports) {
  // Each event is judged on its own: the good ones are stored even when others are refused,
  // and `accepted` lists the ids now committed (resent ones included), so the screen can
  // forget exactly those.
  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/device/events",
       .handler = [&store](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(body, net::ParseJsonObject(r));
         const json::value* list = body->if_contains("events");
         if (list == nullptr || !list->is_array()) {
           co_return net::Response::FromError(net::FieldError("events", "must be an array"));
         }
         const json::array& items = list->as_array();
         if (items.size() > kMaxEventsPerBatch) {
           co_return net::Response::FromError(net::FieldError(
               "events", "at most " + std::to_string(kMaxEventsPerBatch) + " events a batch"));
         }
         const devices::DeviceIdentity& device = devices::DeviceOf(r);
         const std::string organization_id = device.organization_id;
         const std::string device_id = device.device_id;
         const std::int64_t now = platform::NowMillis();
         std::vector<platform::Result<DeviceEvent>> judged;
         judged.reserve(items.size());
         for (const json::value& item : items) {
           judged.push_back(item.is_object() ? ParseDeviceEvent(item.as_object(), now, device_id)
                                             : platform::Error(platform::errors::kValidation,
                                                               "an event is a JSON object"));
         }
         co_await RefuseForeignContent(store, organization_id, judged);
         std::vector<DeviceEvent> events;
         json::array accepted, rejected;
         for (std::size_t i = 0; i < judged.size(); ++i) {
           if (judged[i]) {
             accepted.push_back(json::value(IdOf(*judged[i])));
             events.push_back(std::move(*judged[i]));
             continue;
           }
           json::object refusal{{"index", i},
                                {"code", judged[i].error().kind.code},
                                {"message", judged[i].error().message}};
           if (items[i].is_object()) {
             if (const auto* id = items[i].as_object().if_contains("id"); id && id->is_string()) {
               refusal["id"] = *id;
             }
           }
           rejected.push_back(std::move(refusal));
         }
         if (!co_await store.Record(organization_id, device_id, std::move(events))) {
           co_return net::Response::FromError(NotStored());
         }
         co_return net::Response::Json(200, json::object{{"accepted", std::move(accepted)},
                                                         {"rejected", std::move(rejected)}});
       },
       .summary = "A screen's proof-of-play events in a batch (idempotent by event id)",
       .max_body_bytes = kMaxBatchBodyBytes,
       .access = "device"});

  AddReport(router, "/api/v1/analytics/content-performance",
            "Impressions, average shown time and completion per content item", false,
            [&reports](std::string organization_id, Range range) -> awaitable<json::array> {
              json::array items;
              const auto rows =
                  co_await reports.PerformanceOfContent(organization_id, range.from, range.to);
              for (const auto& row : rows) {
                items.push_back(json::object{{"contentId", row.content_id},
                                             {"impressions", row.impressions},
                                             {"avgDurationMs", row.avg_duration_ms},
                                             {"completionRate", row.completion_rate}});
              }
              co_return items;
            });

  router.Add(
      {.method = net::Method::kGet,
       .pattern = "/api/v1/analytics/devices/impressions",
       .handler = [&reports](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(range, RangeOf(r));
         std::optional<std::string> zone;
         if (const auto asked = r.Query("timezone")) {
           if (!platform::IsKnownTimeZone(*asked)) {
             co_return net::Response::FromError(
                 net::UnprocessableField("timezone", "not an IANA time zone"));
           }
           zone = std::string(*asked);
         }
         const std::string organization_id = identity::PrincipalOf(r).organization_id;
         const auto report = co_await reports.ImpressionsPerDeviceDay(organization_id, range->from,
                                                                      range->to, zone);
         json::array items;
         for (const auto& row : report.rows) {
           items.push_back(json::object{{"deviceId", row.device_id},
                                        {"day", row.day},
                                        {"impressions", row.impressions},
                                        {"shownMs", row.shown_ms}});
         }
         json::object out = RangeJson(*range);
         out["timezone"] = report.time_zone;
         out["items"] = std::move(items);
         co_return net::Response::Json(200, out);
       },
       .summary = "Impressions per screen per day in the organization's time zone (or ?timezone=)",
       .access = "viewer"});

  AddReport(router, "/api/v1/analytics/devices/uptime",
            "Each screen's share of the range it was connected and beating", true,
            [&reports](std::string organization_id, Range range) -> awaitable<json::array> {
              json::array items;
              const std::int64_t now = platform::NowMillis();
              const auto rows = co_await reports.Uptime(organization_id, range.from, range.to, now);
              for (const auto& row : rows) {
                items.push_back(json::object{{"deviceId", row.device_id},
                                             {"name", row.name},
                                             {"uptime", row.uptime},
                                             {"onlineMs", row.online_ms},
                                             {"expectedMs", row.expected_ms},
                                             {"heartbeats", row.heartbeats}});
              }
              co_return items;
            });

  AddReport(router, "/api/v1/analytics/api-latency",
            "Requests, server errors and p50/p95/p99 latency per API route", true,
            [&reports](std::string organization_id, Range range) -> awaitable<json::array> {
              json::array items;
              const auto rows = co_await reports.ApiLatency(organization_id, range.from, range.to);
              for (const auto& row : rows) {
                items.push_back(json::object{{"method", row.method},
                                             {"route", row.route},
                                             {"requests", row.requests},
                                             {"serverErrors", row.server_errors},
                                             {"p50Ms", row.p50_ms},
                                             {"p95Ms", row.p95_ms},
                                             {"p99Ms", row.p99_ms}});
              }
              co_return items;
            });

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/analytics/impressions.csv",
              .handler = [&reports](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(range, RangeOf(r));
                net::Response response;
                response.status = 200;
                response.content_type = "text/csv; charset=utf-8";
                response.AddHeader("Content-Disposition",
                                   "attachment; filename=\"impressions.csv\"");
                response.streamed = reports.ImpressionsCsv(identity::PrincipalOf(r).organization_id,
                                                           range->from, range->to);
                co_return response;
              },
              .summary = "Every impression in the range as CSV, streamed",
              .access = "viewer"});
}

}  // namespace vizora::analytics
