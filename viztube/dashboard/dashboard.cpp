#include "viztube/dashboard/dashboard.hpp"

#include <boost/json/array.hpp>

#include "platform/core/clock.hpp"
#include "viztube/users/users_routes.hpp"

namespace viztube::dashboard {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;

void AddDashboardRoutes(net::Router& router, DashboardContext ctx) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v2/dashboard/stats",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                const std::string user_id = users::PrincipalOf(r).user_id;
                const auto totals = co_await ctx.videos.Totals(user_id);
                const std::int64_t subscribers = co_await ctx.db.Read([&](auto& c) {
                  const auto rows =
                      c.Query("SELECT subscribers_count FROM users WHERE id = $1", {user_id});
                  return rows.empty() ? std::int64_t{0} : rows[0].Int(0);
                });
                co_return api::Ok(200,
                                  json::object{{"totalViews", totals.views},
                                               {"totalSubscribers", subscribers},
                                               {"totalVideos", totals.videos},
                                               {"totalLikes", totals.likes}},
                                  "Channel stats");
              },
              .summary = "The caller's channel totals: views, subscribers, videos, likes",
              .access = std::string(users::kSignedIn)});
  router.Add(
      {.method = net::Method::kGet,
       .pattern = "/api/v2/dashboard/videos",
       .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
         VT_TRY(page, api::PageOf(r));
         const auto found = co_await ctx.videos.OwnVideos(users::PrincipalOf(r).user_id, *page);
         const std::int64_t now = platform::NowMillis();
         json::array docs;
         for (const auto& v : found.videos) docs.push_back(videos::ToJson(v, ctx.links, now));
         co_return api::Ok(200, api::PageJson(std::move(docs), found.total, *page), "Your videos");
       },
       .summary = "The caller's videos in every state, with likesCount",
       .access = std::string(users::kSignedIn)});
}

}  // namespace viztube::dashboard
