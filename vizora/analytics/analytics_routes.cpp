#include "vizora/analytics/analytics_routes.hpp"

#include "platform/core/clock.hpp"
#include "platform/net/handler_support.hpp"
#include "vizora/devices/device_routes.hpp"
#include "vizora/identity/identity_routes.hpp"

namespace vizora::analytics {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

constexpr std::size_t kMaxBatchBodyBytes = 1 << 20;
constexpr std::int64_t kDefaultReportRangeMs = 7LL * 24 * 3600 * 1000;

// The writer could not take or store them (its queue full, the database failing): the player
// keeps the events and sends them again.
platform::Error NotStored() {
  return platform::Error(platform::errors::kUnavailable,
                         "the events could not be stored now: send them again later");
}

}  // namespace

devices::DeviceEventSink MakeDeviceEventSink(EventStore& store) {
  return [&store](const std::string& organization_id, const std::string& device_id,
                  json::object frame) -> awaitable<std::optional<platform::Error>> {
    auto event = ParseDeviceEvent(frame, platform::NowMillis());
    if (!event) co_return event.error();
    std::vector<DeviceEvent> events;
    events.push_back(std::move(*event));
    // Locals first: GCC 12 mishandles temporaries inside a co_await expression.
    const std::string organization = organization_id, device = device_id;
    if (!co_await store.Record(organization, device, std::move(events))) co_return NotStored();
    co_return std::nullopt;
  };
}

void AddAnalyticsRoutes(net::Router& router, EventStore& store) {
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
         if (list->as_array().size() > kMaxEventsPerBatch) {
           co_return net::Response::FromError(net::FieldError(
               "events", "at most " + std::to_string(kMaxEventsPerBatch) + " events a batch"));
         }
         const std::int64_t now = platform::NowMillis();
         std::vector<DeviceEvent> events;
         json::array accepted, rejected;
         for (std::size_t i = 0; i < list->as_array().size(); ++i) {
           const json::value& item = list->as_array()[i];
           auto event = item.is_object()
                            ? ParseDeviceEvent(item.as_object(), now)
                            : platform::Result<DeviceEvent>(platform::Error(
                                  platform::errors::kValidation, "an event is a JSON object"));
           if (!event) {
             json::object refusal{{"index", i},
                                  {"code", event.error().kind.code},
                                  {"message", event.error().message}};
             if (item.is_object()) {
               if (const auto* id = item.as_object().if_contains("id"); id && id->is_string()) {
                 refusal["id"] = *id;
               }
             }
             rejected.push_back(std::move(refusal));
             continue;
           }
           accepted.push_back(json::value(IdOf(*event)));
           events.push_back(std::move(*event));
         }
         const devices::DeviceIdentity& device = devices::DeviceOf(r);
         const std::string organization_id = device.organization_id;
         const std::string device_id = device.device_id;
         if (!co_await store.Record(organization_id, device_id, std::move(events))) {
           co_return net::Response::FromError(NotStored());
         }
         co_return net::Response::Json(200, json::object{{"accepted", std::move(accepted)},
                                                         {"rejected", std::move(rejected)}});
       },
       .summary = "A screen's proof-of-play events in a batch (idempotent by event id)",
       .max_body_bytes = kMaxBatchBodyBytes,
       .access = "device"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/analytics/content-performance",
              .handler = [&store](net::Request& r) -> awaitable<net::Response> {
                const std::int64_t now = platform::NowMillis();
                NET_TRY(to_query, net::TimeQuery(r, "to"));
                const std::int64_t to = to_query->value_or(now);
                NET_TRY(from_query, net::TimeQuery(r, "from"));
                const std::int64_t from = from_query->value_or(to - kDefaultReportRangeMs);
                if (to <= from) {
                  co_return net::Response::FromError(net::FieldError("to", "after from"));
                }
                const std::string organization_id = identity::PrincipalOf(r).organization_id;
                const auto report = co_await store.PerformanceOfContent(organization_id, from, to);
                json::array items;
                for (const auto& row : report) {
                  items.push_back(json::object{{"contentId", row.content_id},
                                               {"impressions", row.impressions},
                                               {"avgDurationMs", row.avg_duration_ms},
                                               {"completionRate", row.completion_rate}});
                }
                co_return net::Response::Json(200,
                                              json::object{{"from", platform::FormatIso8601(from)},
                                                           {"to", platform::FormatIso8601(to)},
                                                           {"items", std::move(items)}});
              },
              .summary = "Impressions, average shown time and completion per content item",
              .access = "viewer"});
}

}  // namespace vizora::analytics
