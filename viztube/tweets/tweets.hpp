#pragma once

// Tweets: short posts on a channel (VIZTUBE-API.md "Tweets"), 1–2,000 characters, edited and
// deleted by their author. Routes: /api/v2/tweets/*.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "platform/core/error.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "viztube/api/envelope.hpp"

namespace viztube::tweets {

inline constexpr std::size_t kMaxContentChars = 2000;

class TweetsService {
 public:
  explicit TweetsService(platform::store::Database& db) : db_(db) {}

  boost::asio::awaitable<platform::Result<boost::json::object>> Create(const std::string& user_id,
                                                                       std::string content);
  boost::asio::awaitable<platform::Result<boost::json::object>> OfUser(const std::string& user_id,
                                                                       api::PageRequest page);
  boost::asio::awaitable<platform::Result<boost::json::object>> Update(const std::string& user_id,
                                                                       const std::string& tweet_id,
                                                                       std::string content);
  boost::asio::awaitable<platform::Result<bool>> Delete(const std::string& user_id,
                                                        const std::string& tweet_id);

 private:
  platform::store::Database& db_;
};

// For the likes module, in its transaction.
bool TweetExists(platform::store::Connection& c, const std::string& tweet_id);
void CountLike(platform::store::Connection& c, const std::string& tweet_id, std::int64_t delta);

// New tweets count against tweets_per_user.
void AddTweetRoutes(platform::net::Router& router, TweetsService& service,
                    platform::net::RateLimit tweets_per_user);

}  // namespace viztube::tweets
