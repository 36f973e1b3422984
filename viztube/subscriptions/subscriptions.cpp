#include "viztube/subscriptions/subscriptions.hpp"

#include <boost/json/array.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/net/json_fields.hpp"
#include "viztube/users/model.hpp"
#include "viztube/users/users_routes.hpp"

namespace viztube::subscriptions {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

Error NoSuchChannel() {
  return Error(platform::errors::kNotFound, "no such channel");
}

}  // namespace

awaitable<Result<bool>> SubscriptionsService::Toggle(const std::string& subscriber_id,
                                                     const std::string& channel_id) {
  if (subscriber_id == channel_id) {
    co_return Error(platform::errors::kValidation, "you cannot subscribe to yourself",
                    {{"field", "channelId"}, {"reason", "your own channel"}});
  }
  co_return co_await db_.TransactOrError([&](Connection& c) {
    if (!users::Exists(c, channel_id)) throw ErrorException(NoSuchChannel());
    const std::int64_t now = platform::NowMillis();
    // The primary key decides: a concurrent toggle of the same pair waits for this one.
    if (c.Execute("INSERT INTO subscriptions (subscriber_id, channel_id, created_at) "
                  "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                  {subscriber_id, channel_id, now}) == 1) {
      users::CountSubscription(c, subscriber_id, channel_id, 1);
      return true;
    }
    if (c.Execute("DELETE FROM subscriptions WHERE subscriber_id = $1 AND channel_id = $2",
                  {subscriber_id, channel_id}) == 1) {
      users::CountSubscription(c, subscriber_id, channel_id, -1);
    }
    return false;
  });
}

awaitable<Result<json::object>> SubscriptionsService::Channel(
    const std::string& username, const std::optional<std::string>& viewer_id) {
  auto found = co_await db_.Read([&](Connection& c) -> std::optional<json::object> {
    const auto rows = c.Query(
        "SELECT u.id, a.username, a.email, u.fullname, u.avatar, u.cover_image, u.created_at, "
        "u.updated_at, u.subscribers_count, u.subscriptions_count, "
        "EXISTS (SELECT 1 FROM subscriptions s WHERE s.channel_id = u.id AND "
        "s.subscriber_id = $2) FROM users u JOIN accounts a ON a.id = u.id WHERE a.username = $1",
        {platform::identity::NormalizeLogin(username), viewer_id.value_or("")});
    if (rows.empty()) return std::nullopt;
    const auto& r = rows[0];
    const users::User user{.id = r.Text(0),
                           .username = r.Text(1),
                           .email = r.Text(2),
                           .fullname = r.Text(3),
                           .avatar = r.Text(4),
                           .cover_image = r.OptText(5),
                           .created_at = r.Int(6),
                           .updated_at = r.Int(7)};
    json::object out = users::ToJson(user);
    if (viewer_id != user.id) out.erase("email");  // an address is its owner's to see
    out["subscriberCount"] = r.Int(8);
    out["channelsSubscribedToCount"] = r.Int(9);
    out["isSubscribed"] = r.Bool(10);
    return out;
  });
  if (!found) co_return NoSuchChannel();
  co_return std::move(*found);
}

awaitable<Result<json::object>> SubscriptionsService::Page(const std::string& user_id,
                                                           bool of_channel, api::PageRequest page) {
  auto out = co_await db_.Read([&](Connection& c) -> std::optional<json::object> {
    if (!users::Exists(c, user_id)) return std::nullopt;
    // A channel's subscribers, or the channels a user follows; the counter is the total.
    const std::string mine = of_channel ? "channel_id" : "subscriber_id";
    const std::string theirs = of_channel ? "subscriber_id" : "channel_id";
    const std::int64_t total =
        c.Query(std::string("SELECT ") +
                    (of_channel ? "subscribers_count" : "subscriptions_count") +
                    " FROM users WHERE id = $1",
                {user_id})[0]
            .Int(0);
    const auto rows = c.Query("SELECT " + std::string(users::kOwnerColumns) +
                                  ", s.created_at FROM subscriptions s" +
                                  users::OwnerJoin("s." + theirs) + " WHERE s." + mine +
                                  " = $1 ORDER BY s.created_at DESC, o.id DESC LIMIT $2 OFFSET $3",
                              {user_id, page.limit, page.offset()});
    json::array docs;
    for (const auto& r : rows) {
      docs.push_back(json::object{{of_channel ? "subscriber" : "channel", users::OwnerJsonAt(r, 0)},
                                  {"subscribedAt", platform::FormatIso8601(r.Int(4))}});
    }
    return api::PageJson(std::move(docs), total, page);
  });
  if (!out) co_return NoSuchChannel();
  co_return std::move(*out);
}

awaitable<Result<json::object>> SubscriptionsService::Subscribers(const std::string& channel_id,
                                                                  api::PageRequest page) {
  co_return co_await Page(channel_id, true, page);
}

awaitable<Result<json::object>> SubscriptionsService::Channels(const std::string& subscriber_id,
                                                               api::PageRequest page) {
  co_return co_await Page(subscriber_id, false, page);
}

void AddSubscriptionRoutes(net::Router& router, SubscriptionsService& service) {
  const std::string base = "/api/v2/subscriptions";
  router.Add({.method = net::Method::kPost,
              .pattern = base + "/c/{channelId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(subscribed, co_await service.Toggle(users::PrincipalOf(r).user_id,
                                                           std::string(r.PathParam("channelId"))));
                co_return api::Ok(200, json::object{{"isSubscribed", *subscribed}},
                                  *subscribed ? "Subscribed" : "Unsubscribed");
              },
              .summary = "Subscribe to a channel, or stop (toggle)",
              .access = std::string(users::kSignedIn)});
  router.Add({.method = net::Method::kGet,
              .pattern = base + "/c/{channelId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(page, api::PageOf(r));
                VT_TRY(out,
                       co_await service.Subscribers(std::string(r.PathParam("channelId")), *page));
                co_return api::Ok(200, std::move(*out), "Subscribers");
              },
              .summary = "A channel's subscribers, newest first",
              .access = std::string(users::kOptionalSignIn)});
  router.Add({.method = net::Method::kGet,
              .pattern = base + "/u/{subscriberId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(page, api::PageOf(r));
                VT_TRY(out,
                       co_await service.Channels(std::string(r.PathParam("subscriberId")), *page));
                co_return api::Ok(200, std::move(*out), "Subscribed channels");
              },
              .summary = "The channels a user follows, newest first",
              .access = std::string(users::kOptionalSignIn)});
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v2/user/c/{username}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                // Named locals: GCC 12 destroys temporaries in a co_await call's arguments twice.
                const std::optional<std::string> viewer = users::CallerIdOf(r);
                const std::string username(r.PathParam("username"));
                VT_TRY(channel, co_await service.Channel(username, viewer));
                co_return api::Ok(200, std::move(*channel), "Channel");
              },
              .summary = "A channel: the user, subscriber counts, isSubscribed",
              .access = std::string(users::kOptionalSignIn)});
}

}  // namespace viztube::subscriptions
