#pragma once

// Subscriptions (VIZTUBE-API.md "Subscriptions") and the channel page (`GET /user/c/:username`):
// toggling keeps both users' counters in the same transaction, so counts stay exact. Channel
// pages are cached (what every viewer sees alike) under `channel_reads`, which a toggle and a
// profile change invalidate; whether the viewer is subscribed is read each time.
// Routes: /api/v2/subscriptions/* and /api/v2/user/c/{username}.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "platform/cache/read_cache.hpp"
#include "platform/core/error.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "viztube/api/envelope.hpp"

namespace viztube::subscriptions {

class SubscriptionsService {
 public:
  SubscriptionsService(platform::store::Database& db, platform::cache::Freshness& channel_reads);

  // True when now subscribed. 400 for one's own channel, 404 for an unknown one.
  boost::asio::awaitable<platform::Result<bool>> Toggle(const std::string& subscriber_id,
                                                        const std::string& channel_id);
  // The user + subscriberCount, channelsSubscribedToCount, isSubscribed (email only for
  // themselves).
  boost::asio::awaitable<platform::Result<boost::json::object>> Channel(
      const std::string& username, const std::optional<std::string>& viewer_id);
  // {docs: [{subscriber or channel: owner, subscribedAt}], …}
  boost::asio::awaitable<platform::Result<boost::json::object>> Subscribers(
      const std::string& channel_id, api::PageRequest page);
  boost::asio::awaitable<platform::Result<boost::json::object>> Channels(
      const std::string& subscriber_id, api::PageRequest page);
  platform::cache::CacheStats CacheStats() const { return cards_.stats(); }

 private:
  boost::asio::awaitable<platform::Result<boost::json::object>> Page(const std::string& user_id,
                                                                     bool of_channel,
                                                                     api::PageRequest page);

  // The page of a channel as anyone sees it, and its owner's id and email.
  struct Card {
    boost::json::object json;
    std::string id, email;
  };
  boost::asio::awaitable<std::optional<Card>> CardOf(const std::string& username);

  platform::store::Database& db_;
  platform::cache::Freshness& channel_reads_;
  platform::cache::ReadCache<Card> cards_;
};

inline constexpr std::size_t kChannelCacheBytes = 4 << 20;

void AddSubscriptionRoutes(platform::net::Router& router, SubscriptionsService& service);

}  // namespace viztube::subscriptions
