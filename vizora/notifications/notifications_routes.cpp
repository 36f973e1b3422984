#include "vizora/notifications/notifications_routes.hpp"

#include "platform/core/clock.hpp"
#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/identity/audit_entry.hpp"
#include "vizora/identity/identity_routes.hpp"

namespace vizora::notifications {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using identity::MetaOf;
using identity::PrincipalOf;
using platform::store::Connection;

namespace {

constexpr std::size_t kMaxBodyBytes = 4 * 1024;
const net::RateLimit kUnsubscribePerIp = net::RateLimit::PerMinute(30);

json::object SettingsJson(Connection& c, const identity::Principal& who) {
  json::object preferences;
  for (const auto& [topic, on] : Preferences(c, who.user_id)) preferences[TopicName(topic)] = on;
  return {{"offlineAlertMinutes", OfflineAlertMinutes(c, who.organization_id)},
          {"preferences", std::move(preferences)}};
}

}  // namespace

void AddNotificationRoutes(net::Router& router, platform::store::Database& db,
                           const UnsubscribeLinks& links) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/notifications",
              .handler = [&db](net::Request& r) -> awaitable<net::Response> {
                const identity::Principal& who = PrincipalOf(r);
                auto out = co_await db.Read([&](Connection& c) { return SettingsJson(c, who); });
                co_return net::Response::Json(200, std::move(out));
              },
              .summary = "What the caller hears by mail, and the offline alert threshold",
              .access = "viewer"});

  router.Add({.method = net::Method::kPatch,
              .pattern = "/api/v1/notifications/organization",
              .handler = [&db](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(minutes,
                        net::IntField(*body, "offlineAlertMinutes", 0, kMaxOfflineAlertMinutes));
                if (!*minutes) {
                  co_return net::Response::FromError(
                      net::FieldError("offlineAlertMinutes", "a number of minutes is required"));
                }
                if (**minutes != 0 && **minutes < kMinOfflineAlertMinutes) {
                  co_return net::Response::FromError(
                      net::FieldError("offlineAlertMinutes", "0 (off), or 5 to 1440 minutes"));
                }
                const identity::Principal& who = PrincipalOf(r);
                const auto meta = MetaOf(r);
                auto out = co_await db.Transact([&](Connection& c) {
                  SetOfflineAlertMinutes(c, who.organization_id, static_cast<int>(**minutes),
                                         platform::NowMillis());
                  audit::Record(c, identity::AuditEntry(who, meta, "notifications.updated",
                                                        "organization", who.organization_id,
                                                        {{"offlineAlertMinutes", **minutes}}));
                  return SettingsJson(c, who);
                });
                co_return net::Response::Json(200, std::move(out));
              },
              .summary = "Set how long a screen is dark before alerts go out (0: never)",
              .max_body_bytes = kMaxBodyBytes,
              .access = "admin"});

  router.Add({.method = net::Method::kPatch,
              .pattern = "/api/v1/notifications/preferences",
              .handler = [&db](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                std::vector<std::pair<Topic, bool>> changes;
                for (Topic topic : kTopics) {
                  NET_TRY(on, net::BoolField(*body, TopicName(topic)));
                  if (*on) changes.emplace_back(topic, **on);
                }
                const identity::Principal& who = PrincipalOf(r);
                auto out = co_await db.Transact([&](Connection& c) {
                  for (const auto& [topic, on] : changes) {
                    SetPreference(c, who.user_id, topic, on, platform::NowMillis());
                  }
                  return SettingsJson(c, who);
                });
                co_return net::Response::Json(200, std::move(out));
              },
              .summary = "Choose what the caller hears by mail {offlineAlerts?, weeklySummary?}",
              .max_body_bytes = kMaxBodyBytes,
              .access = "viewer"});

  // RFC 8058: a mail client POSTs "List-Unsubscribe=One-Click" here; the dashboard's page too.
  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/notifications/unsubscribe",
              .handler = [&db, &links](net::Request& r) -> awaitable<net::Response> {
                const auto found =
                    links.Verify(r.Query("token").value_or(""), platform::NowMillis());
                if (!found) {
                  co_return net::Response::FromError(platform::Error(
                      errors::kUnsubscribeInvalid, "this unsubscribe link is not valid"));
                }
                const auto& [user_id, topic] = *found;
                co_await db.Transact([&](Connection& c) {
                  // A person deleted since: nothing to turn off.
                  if (c.Query("SELECT 1 FROM users WHERE id = $1", {user_id}).empty()) return 0;
                  SetPreference(c, user_id, topic, false, platform::NowMillis());
                  return 1;
                });
                co_return net::Response::Json(
                    200, json::object{{"topic", TopicName(topic)}, {"unsubscribed", true}});
              },
              .summary = "Turn one kind of mail off with the link it carried (one click)",
              .max_body_bytes = kMaxBodyBytes,
              .rate_limit_per_ip = kUnsubscribePerIp});
}

}  // namespace vizora::notifications
