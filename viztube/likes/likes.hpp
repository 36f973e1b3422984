#pragma once

// Likes (VIZTUBE-API.md "Likes"): one per user and target (video, comment or tweet), enforced
// by the database's unique indexes; toggling keeps the target's likesCount in the same
// transaction, so counts are exact however many toggle at once. Routes: /api/v2/likes/*.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "platform/cache/read_cache.hpp"
#include "platform/core/error.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "viztube/api/envelope.hpp"
#include "viztube/videos/videos_service.hpp"

namespace viztube::likes {

enum class Target { kVideo, kComment, kTweet };

class LikesService {
 public:
  // `video_reads`: invalidated when a video's likesCount changes.
  LikesService(platform::store::Database& db, platform::cache::Freshness& video_reads);

  // True when now liked; 404 for a target the user cannot see.
  boost::asio::awaitable<platform::Result<bool>> Toggle(const std::string& user_id, Target target,
                                                        const std::string& target_id);
  boost::asio::awaitable<bool> IsLiked(const std::string& user_id, const std::string& video_id);
  // The user's liked videos they may still see, latest like first.
  boost::asio::awaitable<videos::VideoPage> LikedVideos(const std::string& user_id,
                                                        api::PageRequest page);

 private:
  platform::store::Database& db_;
  platform::cache::Freshness& video_reads_;
  // Whether a user likes a video, asked on every signed-in play: under the videos' freshness,
  // which every like of a video invalidates.
  platform::cache::ReadCache<bool> liked_;
};

// Toggles of videos, comments and tweets count together against likes_per_user.
void AddLikeRoutes(platform::net::Router& router, LikesService& service,
                   const videos::MediaLinks& links, platform::net::RateLimit likes_per_user);

}  // namespace viztube::likes
