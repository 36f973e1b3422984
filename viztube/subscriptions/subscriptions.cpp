#include "viztube/subscriptions/subscriptions.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/net/json_fields.hpp"
#include "viztube/users/model.hpp"
#include "viztube/users/users_routes.hpp"
#include "viztube/users/users_service.hpp"

namespace viztube::subscriptions {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

// The bound on what a write never invalidates (none today) and on what another instance may
// serve before its invalidation arrives.
constexpr std::chrono::milliseconds kChannelCacheTtl{2000};

Error NoSuchChannel() {
  return Error(platform::errors::kNotFound, "no such channel");
}

}  // namespace

SubscriptionsService::SubscriptionsService(platform::store::Database& db,
                                           platform::cache::Freshness& channel_reads)
    : db_(db),
      channel_reads_(channel_reads),
      cards_(channel_reads, {.max_bytes = kChannelCacheBytes, .ttl = kChannelCacheTtl}) {}

awaitable<Result<bool>> SubscriptionsService::Toggle(const std::string& subscriber_id,
                                                     const std::string& channel_id) {
  if (subscriber_id == channel_id) {
    co_return Error(platform::errors::kValidation, "you cannot subscribe to yourself",
                    {{"field", "channelId"}, {"reason", "your own channel"}});
  }
  auto subscribed = co_await db_.TransactOrError([&](Connection& c) {
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
  if (subscribed) channel_reads_.Invalidate();  // both users' counts changed
  co_return subscribed;
}

awaitable<std::optional<SubscriptionsService::Card>> SubscriptionsService::CardOf(
    const std::string& username) {
  const std::string login = platform::identity::NormalizeLogin(username);
  co_return co_await cards_.GetOrLoad(
      login, [&]() -> awaitable<std::optional<std::pair<Card, std::size_t>>> {
        co_return co_await db_.Read(
            [&](Connection& c) -> std::optional<std::pair<Card, std::size_t>> {
              const auto rows = c.Query(
                  "SELECT u.id, a.username, a.email, u.fullname, u.avatar, u.cover_image, "
                  "u.created_at, u.updated_at, u.subscribers_count, u.subscriptions_count "
                  "FROM users u JOIN accounts a ON a.id = u.id WHERE a.username = $1",
                  {login});
              if (rows.empty()) return std::nullopt;
              const auto& r = rows[0];
              const users::User user = users::UserFrom(r);
              Card card{.json = users::ToJson(user), .id = user.id, .email = user.email};
              card.json.erase("email");  // an address is its owner's to see
              card.json.erase("emailVerified");
              card.json["subscriberCount"] = r.Int(8);
              card.json["channelsSubscribedToCount"] = r.Int(9);
              const std::size_t bytes = 512 + login.size() + json::serialize(card.json).size();
              return std::pair{std::move(card), bytes};
            });
      });
}

awaitable<Result<json::object>> SubscriptionsService::Channel(
    const std::string& username, const std::optional<std::string>& viewer_id) {
  auto card = co_await CardOf(username);
  if (!card) co_return NoSuchChannel();
  json::object out = std::move(card->json);
  if (viewer_id == card->id) out["email"] = card->email;
  bool subscribed = false;
  if (viewer_id && *viewer_id != card->id) {
    subscribed = co_await db_.Read([&](Connection& c) {
      return !c.Query("SELECT 1 FROM subscriptions WHERE subscriber_id = $1 AND channel_id = $2",
                      {*viewer_id, card->id})
                  .empty();
    });
  }
  out["isSubscribed"] = subscribed;
  co_return out;
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
