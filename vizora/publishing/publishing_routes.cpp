#include "vizora/publishing/publishing_routes.hpp"

#include "platform/core/clock.hpp"
#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/devices/devices_service.hpp"
#include "vizora/identity/identity_routes.hpp"
#include "vizora/publishing/manifests.hpp"

namespace vizora::publishing {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using identity::MetaOf;
using identity::PrincipalOf;
using platform::Error;
using platform::Result;

namespace {

constexpr std::size_t kMaxBodyBytes = 512 * 1024;
constexpr std::size_t kMaxTargets = 10'000;
constexpr std::int64_t kMaxTimelineRangeMs = 31LL * 24 * 3'600'000;
const net::StringRule kIdRule{.max_bytes = 64};

Result<PublishInput> InputOf(const json::object& body) {
  RESULT_TRY(devices, net::StringArrayField(body, "deviceIds", kMaxTargets, kIdRule));
  RESULT_TRY(groups, net::StringArrayField(body, "groupIds", kMaxTargets, kIdRule));
  RESULT_TRY(all, net::BoolField(body, "allDevices"));
  RESULT_TRY(minutes, net::IntField(body, "durationMinutes", 1, kMaxPublishMinutes));
  RESULT_TRY(expires_text,
             net::StringField(body, "expiresAt", {.required = false, .max_bytes = 40}));
  PublishInput input{.device_ids = devices->value_or(std::vector<std::string>{}),
                     .group_ids = groups->value_or(std::vector<std::string>{}),
                     .all_devices = all->value_or(false),
                     .duration_minutes = *minutes};
  if (*expires_text) {
    const auto at = platform::ParseIso8601(**expires_text);
    if (!at) return net::FieldError("expiresAt", "an ISO 8601 time");
    input.expires_at = *at;
  }
  if (input.expires_at && input.duration_minutes) {
    return net::FieldError("expiresAt", "give expiresAt or durationMinutes, not both");
  }
  return input;
}

}  // namespace

void AddPublishingRoutes(net::Router& router, InstantPublishes& publishes,
                         platform::store::Database& db) {
  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/playlists/{id}/instant-publish",
              .handler = [&publishes](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(input, InputOf(*body));
                NET_TRY(publish,
                        co_await publishes.Publish(PrincipalOf(r), std::string(r.PathParam("id")),
                                                   std::move(*input), MetaOf(r)));
                co_return net::Response::Json(
                    201, json::object{{"instantPublish", ToJson(*publish, platform::NowMillis())}});
              },
              .summary = "Put a playlist on screens, groups or all screens at once",
              .max_body_bytes = kMaxBodyBytes,
              .access = "manager"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/instant-publishes",
              .handler = [&publishes](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(page, net::ParsePageRequest(r));
                const bool active = r.Query("active").value_or("") == "true";
                const PublishPage found = co_await publishes.List(PrincipalOf(r), active, *page);
                const std::int64_t now = platform::NowMillis();
                json::array items;
                for (const auto& p : found.items) items.push_back(ToJson(p, now));
                co_return net::Response::Json(200,
                                              net::PageJson(std::move(items), found.next_cursor));
              },
              .summary = "Instant publishes, newest first (?active=true)",
              .access = "viewer"});

  router.Add({.method = net::Method::kDelete,
              .pattern = "/api/v1/instant-publishes/{id}",
              .handler = [&publishes](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(ended, co_await publishes.End(PrincipalOf(r),
                                                      std::string(r.PathParam("id")), MetaOf(r)));
                co_return net::Response::NoContent();
              },
              .summary = "End an instant publish now",
              .access = "manager"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/devices/{id}/timeline",
              .handler = [&db](net::Request& r) -> awaitable<net::Response> {
                const std::int64_t now = platform::NowMillis();
                NET_TRY(from_query, net::TimeQuery(r, "from"));
                const std::int64_t from = from_query->value_or(now);
                NET_TRY(to_query, net::TimeQuery(r, "to"));
                const std::int64_t to = to_query->value_or(from + kHorizonMs);
                if (to <= from || to - from > kMaxTimelineRangeMs) {
                  co_return net::Response::FromError(
                      net::FieldError("to", "after from, and at most 31 days after it"));
                }
                const std::string organization_id = PrincipalOf(r).organization_id;
                const std::string device_id(r.PathParam("id"));
                struct Found {
                  bool device = false;
                  std::vector<scheduling::Segment> segments;
                };
                const Found found = co_await db.Read([&](platform::store::Connection& c) {
                  Found f;
                  f.device = !devices::LoadScreenTargets(c, organization_id, device_id).empty();
                  if (f.device)
                    f.segments = DeviceTimeline(c, organization_id, device_id, from, to);
                  return f;
                });
                if (!found.device) {
                  co_return net::Response::FromError(
                      Error(platform::errors::kNotFound, "no such device"));
                }
                co_return net::Response::Json(
                    200, json::object{{"deviceId", device_id},
                                      {"from", platform::FormatIso8601(from)},
                                      {"to", platform::FormatIso8601(to)},
                                      {"timeline", SegmentsJson(found.segments)}});
              },
              .summary = "What a screen shows over a range (?from=&to=, default the next 48 h)",
              .access = "viewer"});
}

}  // namespace vizora::publishing
