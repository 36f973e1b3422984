#pragma once

// Subscriptions (VIZTUBE-API.md "Subscriptions") and the channel page (`GET /user/c/:username`):
// toggling keeps both users' counters in the same transaction, so counts stay exact.
// Routes: /api/v2/subscriptions/* and /api/v2/user/c/{username}.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "platform/core/error.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "viztube/api/envelope.hpp"

namespace viztube::subscriptions {

class SubscriptionsService {
 public:
  explicit SubscriptionsService(platform::store::Database& db) : db_(db) {}

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

 private:
  boost::asio::awaitable<platform::Result<boost::json::object>> Page(const std::string& user_id,
                                                                     bool of_channel,
                                                                     api::PageRequest page);

  platform::store::Database& db_;
};

void AddSubscriptionRoutes(platform::net::Router& router, SubscriptionsService& service);

}  // namespace viztube::subscriptions
