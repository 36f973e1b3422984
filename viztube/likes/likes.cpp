#include "viztube/likes/likes.hpp"

#include <boost/json/array.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "viztube/comments/comments.hpp"
#include "viztube/tweets/tweets.hpp"
#include "viztube/users/users_routes.hpp"

namespace viztube::likes {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

std::string_view ColumnOf(Target target) {
  switch (target) {
    case Target::kComment:
      return "comment_id";
    case Target::kTweet:
      return "tweet_id";
    case Target::kVideo:
      break;
  }
  return "video_id";
}

// Whether `user_id` may see (and so like) the target.
bool Visible(Connection& c, Target target, const std::string& id, const std::string& user_id) {
  switch (target) {
    case Target::kComment:
      return comments::VisibleCommentVideo(c, id, user_id).has_value();
    case Target::kTweet:
      return tweets::TweetExists(c, id);
    case Target::kVideo:
      break;
  }
  return videos::VisibleVideoOwner(c, id, user_id).has_value();
}

void Count(Connection& c, Target target, const std::string& id, std::int64_t delta) {
  switch (target) {
    case Target::kComment:
      return comments::CountLike(c, id, delta);
    case Target::kTweet:
      return tweets::CountLike(c, id, delta);
    case Target::kVideo:
      break;
  }
  videos::CountLike(c, id, delta);
}

constexpr std::size_t kLikedCacheBytes = 4 << 20;
constexpr std::size_t kEntryOverhead = 96;  // the entry, its list node and index slot

}  // namespace

LikesService::LikesService(platform::store::Database& db, platform::cache::Freshness& video_reads)
    : db_(db),
      video_reads_(video_reads),
      liked_(video_reads, {.max_bytes = kLikedCacheBytes, .ttl = videos::kReadCacheTtl}) {}

awaitable<Result<bool>> LikesService::Toggle(const std::string& user_id, Target target,
                                             const std::string& target_id) {
  auto liked = co_await db_.TransactOrError([&](Connection& c) {
    if (!Visible(c, target, target_id, user_id)) {
      throw ErrorException(Error(platform::errors::kNotFound, "nothing to like here"));
    }
    const std::string column(ColumnOf(target));
    // The unique index decides: a concurrent toggle of the same pair waits for this one.
    if (c.Execute("INSERT INTO likes (id, user_id, " + column +
                      ", created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                  {platform::NewId(), user_id, target_id, platform::NowMillis()}) == 1) {
      Count(c, target, target_id, 1);
      return true;
    }
    if (c.Execute("DELETE FROM likes WHERE user_id = $1 AND " + column + " = $2",
                  {user_id, target_id}) == 1) {
      Count(c, target, target_id, -1);
    }
    return false;
  });
  if (liked && target == Target::kVideo) video_reads_.Invalidate();
  co_return liked;
}

awaitable<bool> LikesService::IsLiked(const std::string& user_id, const std::string& video_id) {
  const std::string key = user_id + video_id;
  using Loaded = std::optional<std::pair<bool, std::size_t>>;
  auto liked = co_await liked_.GetOrLoad(key, [&]() -> awaitable<Loaded> {
    const bool found = co_await db_.Read([&](Connection& c) {
      return !c.Query("SELECT 1 FROM likes WHERE user_id = $1 AND video_id = $2",
                      {user_id, video_id})
                  .empty();
    });
    co_return Loaded(std::in_place, found, key.size() + kEntryOverhead);
  });
  co_return liked.value_or(false);
}

awaitable<videos::VideoPage> LikesService::LikedVideos(const std::string& user_id,
                                                       api::PageRequest page) {
  co_return co_await db_.Read([&](Connection& c) {
    const std::string where =
        " JOIN likes l ON l.video_id = v.id WHERE l.user_id = $1 AND "
        "(v.is_published = 1 OR v.owner_id = $1)";
    videos::VideoPage out;
    out.total = c.Query("SELECT COUNT(*) FROM videos v" + where, {user_id})[0].Int(0);
    for (const auto& r : c.Query(videos::VideoSelect() + where +
                                     " ORDER BY l.created_at DESC, v.id DESC LIMIT $2 OFFSET $3",
                                 {user_id, page.limit, page.offset()})) {
      out.videos.push_back(videos::VideoFrom(r));
    }
    return out;
  });
}

void AddLikeRoutes(net::Router& router, LikesService& service, const videos::MediaLinks& links,
                   net::RateLimit likes_per_user) {
  for (const auto& [letter, param, target] :
       {std::tuple{"v", "videoId", Target::kVideo}, std::tuple{"c", "commentId", Target::kComment},
        std::tuple{"t", "tweetId", Target::kTweet}}) {
    router.Add({.method = net::Method::kPost,
                .pattern = std::string("/api/v2/likes/toggle/") + letter + "/{" + param + "}",
                .handler = [&service, param = std::string(param),
                            target](net::Request& r) -> awaitable<net::Response> {
                  const std::string id(r.PathParam(param));
                  VT_TRY(liked, co_await service.Toggle(users::PrincipalOf(r).user_id, target, id));
                  co_return api::Ok(200, json::object{{"isLiked", *liked}},
                                    *liked ? "Liked" : "Like removed");
                },
                .summary = std::string("Like or unlike (toggle) a ") +
                           (target == Target::kVideo     ? "video"
                            : target == Target::kComment ? "comment"
                                                         : "tweet"),
                .access = std::string(users::kSignedIn),
                .rate_limit_per_caller = likes_per_user,
                .rate_limit_bucket = "like"});
  }
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v2/likes/videos",
              .handler = [&service, &links](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(page, api::PageOf(r));
                const videos::VideoPage found =
                    co_await service.LikedVideos(users::PrincipalOf(r).user_id, *page);
                const std::int64_t now = platform::NowMillis();
                json::array docs;
                for (const auto& v : found.videos) docs.push_back(videos::ToJson(v, links, now));
                co_return api::Ok(200, api::PageJson(std::move(docs), found.total, *page),
                                  "Liked videos");
              },
              .summary = "The caller's liked videos, latest first",
              .access = std::string(users::kSignedIn)});
}

}  // namespace viztube::likes
