#include "viztube/tweets/tweets.hpp"

#include <boost/json/array.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/net/json_fields.hpp"
#include "viztube/users/model.hpp"
#include "viztube/users/users_routes.hpp"
#include "viztube/users/users_service.hpp"

namespace viztube::tweets {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

// The user's tweets_count, with a tweet added (+1) or deleted (-1).
void CountTweet(Connection& c, const std::string& user_id, std::int64_t delta) {
  c.Execute("UPDATE users SET tweets_count = tweets_count + $2 WHERE id = $1", {user_id, delta});
}

const std::string kSelect = "SELECT t.id, t.content, t.likes_count, t.created_at, t.updated_at, " +
                            std::string(users::kOwnerColumns) + " FROM tweets t" +
                            users::OwnerJoin("t.owner_id");

json::object TweetJson(const platform::store::Row& r) {
  return {{"id", r.Text(0)},
          {"content", r.Text(1)},
          {"likesCount", r.Int(2)},
          {"createdAt", platform::FormatIso8601(r.Int(3))},
          {"updatedAt", platform::FormatIso8601(r.Int(4))},
          {"owner", users::OwnerJsonAt(r, 5)}};
}

Error NoSuchTweet() {
  return Error(platform::errors::kNotFound, "no such tweet");
}

// The tweet `user_id` wants to change: 404 when missing, 403 when someone else's.
void RequireOwn(Connection& c, const std::string& tweet_id, const std::string& user_id) {
  if (!platform::IsUuid(tweet_id)) throw ErrorException(NoSuchTweet());
  const auto rows = c.Query("SELECT owner_id FROM tweets WHERE id = $1", {tweet_id});
  if (rows.empty()) throw ErrorException(NoSuchTweet());
  if (rows[0].Text(0) != user_id) {
    throw ErrorException(Error(platform::errors::kForbidden, "this tweet is not yours"));
  }
}

}  // namespace

bool TweetExists(Connection& c, const std::string& tweet_id) {
  return platform::IsUuid(tweet_id) &&
         !c.Query("SELECT 1 FROM tweets WHERE id = $1", {tweet_id}).empty();
}

void CountLike(Connection& c, const std::string& tweet_id, std::int64_t delta) {
  c.Execute("UPDATE tweets SET likes_count = likes_count + $2 WHERE id = $1", {tweet_id, delta});
}

awaitable<Result<json::object>> TweetsService::Create(const std::string& user_id,
                                                      std::string content) {
  auto text = users::CheckText(content, "content", kMaxContentChars);
  if (!text) co_return text.error();
  co_return co_await db_.Transact([&](Connection& c) {
    const std::string id = platform::NewId();
    c.Execute(
        "INSERT INTO tweets (id, owner_id, content, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $4)",
        {id, user_id, *text, platform::NowMillis()});
    CountTweet(c, user_id, 1);
    return TweetJson(c.Query(kSelect + " WHERE t.id = $1", {id})[0]);
  });
}

awaitable<Result<json::object>> TweetsService::OfUser(const std::string& user_id,
                                                      api::PageRequest page) {
  auto out = co_await db_.Read([&](Connection& c) -> std::optional<json::object> {
    if (!users::Exists(c, user_id)) return std::nullopt;
    return api::QueryPage(c, "SELECT tweets_count FROM users WHERE id = $1",
                          kSelect +
                              " WHERE t.owner_id = $1 ORDER BY t.created_at DESC, "
                              "t.id DESC LIMIT $2 OFFSET $3",
                          {user_id}, page, TweetJson);
  });
  if (!out) co_return Error(platform::errors::kNotFound, "no such user");
  co_return std::move(*out);
}

awaitable<Result<json::object>> TweetsService::Update(const std::string& user_id,
                                                      const std::string& tweet_id,
                                                      std::string content) {
  auto text = users::CheckText(content, "content", kMaxContentChars);
  if (!text) co_return text.error();
  co_return co_await db_.TransactOrError([&](Connection& c) {
    RequireOwn(c, tweet_id, user_id);
    c.Execute("UPDATE tweets SET content = $2, updated_at = $3 WHERE id = $1",
              {tweet_id, *text, platform::NowMillis()});
    return TweetJson(c.Query(kSelect + " WHERE t.id = $1", {tweet_id})[0]);
  });
}

awaitable<Result<bool>> TweetsService::Delete(const std::string& user_id,
                                              const std::string& tweet_id) {
  co_return co_await db_.TransactOrError([&](Connection& c) {
    RequireOwn(c, tweet_id, user_id);
    c.Execute("DELETE FROM tweets WHERE id = $1", {tweet_id});  // its likes cascade
    CountTweet(c, user_id, -1);
    return true;
  });
}

void AddTweetRoutes(net::Router& router, TweetsService& service, net::RateLimit tweets_per_user) {
  const std::string base = "/api/v2/tweets";
  router.Add({.method = net::Method::kPost,
              .pattern = base,
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(content, api::JsonString(r, "content", 4 * kMaxContentChars));
                VT_TRY(tweet,
                       co_await service.Create(users::PrincipalOf(r).user_id, std::move(*content)));
                co_return api::Ok(201, std::move(*tweet), "Tweet posted");
              },
              .summary = "Post a tweet: {content} (1–2,000 characters)",
              .access = std::string(users::kSignedIn),
              .rate_limit_per_caller = tweets_per_user});
  router.Add({.method = net::Method::kGet,
              .pattern = base + "/user/{userId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(page, api::PageOf(r));
                const std::string user_id(r.PathParam("userId"));
                VT_TRY(out, co_await service.OfUser(user_id, *page));
                co_return api::Ok(200, std::move(*out), "Tweets");
              },
              .summary = "A user's tweets, newest first",
              .access = std::string(users::kOptionalSignIn)});
  router.Add({.method = net::Method::kPatch,
              .pattern = base + "/{tweetId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(content, api::JsonString(r, "content", 4 * kMaxContentChars));
                VT_TRY(tweet, co_await service.Update(users::PrincipalOf(r).user_id,
                                                      std::string(r.PathParam("tweetId")),
                                                      std::move(*content)));
                co_return api::Ok(200, std::move(*tweet), "Tweet updated");
              },
              .summary = "Edit a tweet; its author only",
              .access = std::string(users::kSignedIn)});
  router.Add({.method = net::Method::kDelete,
              .pattern = base + "/{tweetId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(deleted, co_await service.Delete(users::PrincipalOf(r).user_id,
                                                        std::string(r.PathParam("tweetId"))));
                co_return api::Ok(200, json::object{}, "Tweet deleted");
              },
              .summary = "Delete a tweet; its author only",
              .access = std::string(users::kSignedIn)});
}

}  // namespace viztube::tweets
