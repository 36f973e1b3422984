#include "viztube/comments/comments.hpp"

#include <boost/json/array.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/net/json_fields.hpp"
#include "viztube/users/model.hpp"
#include "viztube/users/users_routes.hpp"
#include "viztube/users/users_service.hpp"
#include "viztube/videos/videos_service.hpp"

namespace viztube::comments {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

const std::string kSelect =
    "SELECT c.id, c.video_id, c.content, c.likes_count, c.created_at, "
    "c.updated_at, " +
    std::string(users::kOwnerColumns) + " FROM comments c" + users::OwnerJoin("c.owner_id");

json::object CommentJson(const platform::store::Row& r) {
  return {{"id", r.Text(0)},
          {"videoId", r.Text(1)},
          {"content", r.Text(2)},
          {"likesCount", r.Int(3)},
          {"createdAt", platform::FormatIso8601(r.Int(4))},
          {"updatedAt", platform::FormatIso8601(r.Int(5))},
          {"owner", users::OwnerJsonAt(r, 6)}};
}

Error NoSuchVideo() {
  return Error(platform::errors::kNotFound, "no such video");
}
Error NoSuchComment() {
  return Error(platform::errors::kNotFound, "no such comment");
}

Result<std::string> Content(std::string_view text) {
  return users::CheckText(text, "content", kMaxContentChars);
}

struct Found {
  std::string owner_id, video_id, video_owner_id;
};

// A comment on a video `user_id` may see, with its author and the video's owner.
std::optional<Found> FindVisible(Connection& c, const std::string& comment_id,
                                 const std::string& user_id) {
  if (!platform::IsUuid(comment_id)) return std::nullopt;
  const auto rows = c.Query(
      "SELECT c.owner_id, v.id, v.owner_id FROM comments c JOIN videos v ON v.id = c.video_id "
      "WHERE c.id = $1 AND (v.is_published = 1 OR v.owner_id = $2)",
      {comment_id, user_id});
  if (rows.empty()) return std::nullopt;
  return Found{rows[0].Text(0), rows[0].Text(1), rows[0].Text(2)};
}

// The video's comments_count, with a comment added (+1) or deleted (-1).
void CountComment(Connection& c, const std::string& video_id, std::int64_t delta) {
  c.Execute("UPDATE videos SET comments_count = comments_count + $2 WHERE id = $1",
            {video_id, delta});
}

}  // namespace

std::optional<std::string> VisibleCommentVideo(Connection& c, const std::string& comment_id,
                                               const std::optional<std::string>& user_id) {
  if (!platform::IsUuid(comment_id)) return std::nullopt;
  const auto rows = c.Query(
      "SELECT v.id FROM comments c JOIN videos v ON v.id = c.video_id "
      "WHERE c.id = $1 AND (v.is_published = 1 OR v.owner_id = $2)",
      {comment_id, user_id.value_or("")});
  if (rows.empty()) return std::nullopt;
  return rows[0].Text(0);
}

void CountLike(Connection& c, const std::string& comment_id, std::int64_t delta) {
  c.Execute("UPDATE comments SET likes_count = likes_count + $2 WHERE id = $1",
            {comment_id, delta});
}

awaitable<Result<json::object>> CommentsService::List(const std::string& video_id,
                                                      const std::optional<std::string>& viewer_id,
                                                      api::PageRequest page) {
  auto out = co_await db_.Read([&](Connection& c) -> std::optional<json::object> {
    if (!videos::VisibleVideoOwner(c, video_id, viewer_id)) return std::nullopt;
    return api::QueryPage(c, "SELECT comments_count FROM videos WHERE id = $1",
                          kSelect +
                              " WHERE c.video_id = $1 ORDER BY c.created_at DESC, "
                              "c.id DESC LIMIT $2 OFFSET $3",
                          {video_id}, page, CommentJson);
  });
  if (!out) co_return NoSuchVideo();
  co_return std::move(*out);
}

awaitable<Result<json::object>> CommentsService::Create(const std::string& user_id,
                                                        const std::string& video_id,
                                                        std::string content) {
  auto text = Content(content);
  if (!text) co_return text.error();
  co_return co_await db_.TransactOrError([&](Connection& c) {
    if (!videos::VisibleVideoOwner(c, video_id, user_id)) throw ErrorException(NoSuchVideo());
    const std::string id = platform::NewId();
    const std::int64_t now = platform::NowMillis();
    c.Execute(
        "INSERT INTO comments (id, video_id, owner_id, content, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $5)",
        {id, video_id, user_id, *text, now});
    CountComment(c, video_id, 1);
    return CommentJson(c.Query(kSelect + " WHERE c.id = $1", {id})[0]);
  });
}

awaitable<Result<json::object>> CommentsService::Update(const std::string& user_id,
                                                        const std::string& comment_id,
                                                        std::string content) {
  auto text = Content(content);
  if (!text) co_return text.error();
  co_return co_await db_.TransactOrError([&](Connection& c) {
    const auto found = FindVisible(c, comment_id, user_id);
    if (!found) throw ErrorException(NoSuchComment());
    if (found->owner_id != user_id) {
      throw ErrorException(Error(platform::errors::kForbidden, "this comment is not yours"));
    }
    c.Execute("UPDATE comments SET content = $2, updated_at = $3 WHERE id = $1",
              {comment_id, *text, platform::NowMillis()});
    return CommentJson(c.Query(kSelect + " WHERE c.id = $1", {comment_id})[0]);
  });
}

awaitable<Result<bool>> CommentsService::Delete(const std::string& user_id,
                                                const std::string& comment_id) {
  co_return co_await db_.TransactOrError([&](Connection& c) {
    const auto found = FindVisible(c, comment_id, user_id);
    if (!found) throw ErrorException(NoSuchComment());
    if (found->owner_id != user_id && found->video_owner_id != user_id) {
      throw ErrorException(Error(platform::errors::kForbidden,
                                 "only its author or the video's owner may delete a comment"));
    }
    c.Execute("DELETE FROM comments WHERE id = $1", {comment_id});  // its likes cascade
    CountComment(c, found->video_id, -1);
    return true;
  });
}

void AddCommentRoutes(net::Router& router, CommentsService& service,
                      net::RateLimit comments_per_user) {
  const std::string base = "/api/v2/comments";
  router.Add({.method = net::Method::kGet,
              .pattern = base + "/{videoId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(page, api::PageOf(r));
                // Named locals: GCC 12 destroys temporaries in a co_await call's arguments twice.
                const std::optional<std::string> viewer = users::CallerIdOf(r);
                const std::string video_id(r.PathParam("videoId"));
                VT_TRY(out, co_await service.List(video_id, viewer, *page));
                co_return api::Ok(200, std::move(*out), "Comments");
              },
              .summary = "A video's comments, newest first, with their authors",
              .access = std::string(users::kOptionalSignIn)});
  router.Add({.method = net::Method::kPost,
              .pattern = base + "/{videoId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(content, api::JsonString(r, "content", 4 * kMaxContentChars));
                VT_TRY(comment, co_await service.Create(users::PrincipalOf(r).user_id,
                                                        std::string(r.PathParam("videoId")),
                                                        std::move(*content)));
                co_return api::Ok(201, std::move(*comment), "Comment added");
              },
              .summary = "Comment on a video: {content} (1–2,000 characters)",
              .access = std::string(users::kSignedIn),
              .rate_limit_per_caller = comments_per_user});
  router.Add({.method = net::Method::kPatch,
              .pattern = base + "/c/{commentId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(content, api::JsonString(r, "content", 4 * kMaxContentChars));
                VT_TRY(comment, co_await service.Update(users::PrincipalOf(r).user_id,
                                                        std::string(r.PathParam("commentId")),
                                                        std::move(*content)));
                co_return api::Ok(200, std::move(*comment), "Comment updated");
              },
              .summary = "Edit a comment; its author only",
              .access = std::string(users::kSignedIn)});
  router.Add({.method = net::Method::kDelete,
              .pattern = base + "/c/{commentId}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(deleted, co_await service.Delete(users::PrincipalOf(r).user_id,
                                                        std::string(r.PathParam("commentId"))));
                co_return api::Ok(200, json::object{}, "Comment deleted");
              },
              .summary = "Delete a comment; its author or the video's owner",
              .access = std::string(users::kSignedIn)});
}

}  // namespace viztube::comments
