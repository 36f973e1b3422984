#include "viztube/dashboard/dashboard.hpp"

#include <boost/json/array.hpp>
#include <utility>
#include <vector>

#include "platform/core/clock.hpp"
#include "viztube/users/users_routes.hpp"

namespace viztube::dashboard {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

constexpr std::int64_t kDefaultDays = 28;
constexpr std::int64_t kMaxDays = 365;

// The channel's last `days` UTC days, oldest first, each with the views its videos were
// counted, the likes they were given and the subscribers it gained that day (zeros where
// nothing happened): the studio's chart.
json::array DailySeries(platform::store::Connection& c, const std::string& user_id,
                        std::int64_t days, std::int64_t now) {
  const std::int64_t today = now / platform::kMillisPerDay, first = today - days + 1;
  struct Day {
    std::int64_t views = 0, likes = 0, subscribers = 0;
  };
  std::vector<Day> series(static_cast<std::size_t>(days));
  const auto add = [&](std::string_view sql, std::int64_t since, std::int64_t Day::*field) {
    for (const auto& row : c.Query(sql, {user_id, since})) {
      const std::int64_t day = row.Int(0);
      if (day >= first && day <= today) {
        series[static_cast<std::size_t>(day - first)].*field += row.Int(1);
      }
    }
  };
  add("SELECT d.day, SUM(d.views) FROM video_views_daily d JOIN videos v ON v.id = d.video_id "
      "WHERE v.owner_id = $1 AND d.day >= $2 GROUP BY d.day",
      first, &Day::views);
  const std::string day_of = std::to_string(platform::kMillisPerDay);
  const std::int64_t since = first * platform::kMillisPerDay;
  add("SELECT l.created_at / " + day_of +
          ", COUNT(*) FROM likes l JOIN videos v ON v.id = l.video_id WHERE v.owner_id = $1 "
          "AND l.created_at >= $2 GROUP BY 1",
      since, &Day::likes);
  add("SELECT created_at / " + day_of +
          ", COUNT(*) FROM subscriptions WHERE channel_id = $1 AND created_at >= $2 GROUP BY 1",
      since, &Day::subscribers);
  json::array out;
  for (std::int64_t i = 0; i < days; ++i) {
    const Day& d = series[static_cast<std::size_t>(i)];
    out.push_back(json::object{
        {"date", platform::FormatIso8601((first + i) * platform::kMillisPerDay).substr(0, 10)},
        {"views", d.views},
        {"likes", d.likes},
        {"subscribers", d.subscribers}});
  }
  return out;
}

}  // namespace

void AddDashboardRoutes(net::Router& router, DashboardContext ctx) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v2/dashboard/stats",
              .handler = [ctx](net::Request& r) -> awaitable<net::Response> {
                VT_TRY(days, api::WholeOf(r, "days", kDefaultDays, 1, kMaxDays));
                const std::string user_id = users::PrincipalOf(r).user_id;
                const auto totals = co_await ctx.videos.Totals(user_id);
                const std::int64_t now = platform::NowMillis();
                auto [subscribers, daily] = co_await ctx.db.Read([&](auto& c) {
                  const auto rows =
                      c.Query("SELECT subscribers_count FROM users WHERE id = $1", {user_id});
                  return std::pair(rows.empty() ? std::int64_t{0} : rows[0].Int(0),
                                   DailySeries(c, user_id, *days, now));
                });
                co_return api::Ok(200,
                                  json::object{{"totalViews", totals.views},
                                               {"totalSubscribers", subscribers},
                                               {"totalVideos", totals.videos},
                                               {"totalLikes", totals.likes},
                                               {"daily", std::move(daily)}},
                                  "Channel stats");
              },
              .summary = "The caller's channel totals: views, subscribers, videos, likes; and "
                         "`daily`, the last `days` (1–365, default 28) UTC days of views, likes "
                         "and new subscribers",
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
