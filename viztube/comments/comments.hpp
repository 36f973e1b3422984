#pragma once

// Comments on videos (VIZTUBE-API.md "Comments"): listed newest first with their author and
// likesCount, written by anyone who may see the video, edited by their author, deleted by
// their author or the video's owner. Routes: /api/v2/comments/*.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "platform/core/error.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "viztube/api/envelope.hpp"

namespace viztube::comments {

inline constexpr std::size_t kMaxContentChars = 2000;

class CommentsService {
 public:
  explicit CommentsService(platform::store::Database& db) : db_(db) {}

  boost::asio::awaitable<platform::Result<boost::json::object>> List(
      const std::string& video_id, const std::optional<std::string>& viewer_id,
      api::PageRequest page);
  boost::asio::awaitable<platform::Result<boost::json::object>> Create(const std::string& user_id,
                                                                       const std::string& video_id,
                                                                       std::string content);
  boost::asio::awaitable<platform::Result<boost::json::object>> Update(
      const std::string& user_id, const std::string& comment_id, std::string content);
  boost::asio::awaitable<platform::Result<bool>> Delete(const std::string& user_id,
                                                        const std::string& comment_id);

 private:
  platform::store::Database& db_;
};

// For the likes module, in its transaction: the id of the video a comment `user_id` may see
// belongs to (nullopt when there is none), and its likesCount kept.
std::optional<std::string> VisibleCommentVideo(platform::store::Connection& c,
                                               const std::string& comment_id,
                                               const std::optional<std::string>& user_id);
void CountLike(platform::store::Connection& c, const std::string& comment_id, std::int64_t delta);

// New comments count against comments_per_user.
void AddCommentRoutes(platform::net::Router& router, CommentsService& service,
                      platform::net::RateLimit comments_per_user);

}  // namespace viztube::comments
