// Proof of play from the outside (API.md "WebSocket: devices" 5, "Devices" device side,
// "Analytics and audit"): impressions sent over the socket are acknowledged once committed,
// resends over the socket or HTTP are counted once, bad events are refused one by one while the
// rest of the batch is kept, and reports see only the caller's organization. On SQLite and
// PostgreSQL.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

class AnalyticsTest : public ServerBackendTest {
 protected:
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    admin_ = AccountFrom(Register("ada@example.com", "Acme"));
    screen_ = PairScreen(*client_, admin_.token, "Lobby");
    content_a_ = CreateWebPage(*client_, admin_.token, "menu");
    content_b_ = CreateWebPage(*client_, admin_.token, "offers");
  }

  json::object Impression(const std::string& id, const std::string& content, std::int64_t shown_ms,
                          bool completed, std::int64_t started_at = 0) const {
    return {{"type", "impression"},
            {"id", id},
            {"contentId", content},
            {"playlistId", "playlist-1"},
            {"startedAt",
             platform::FormatIso8601(started_at ? started_at : platform::NowMillis() - 60'000)},
            {"durationMs", shown_ms},
            {"completed", completed}};
  }

  HttpResponse PostEvents(const std::string& token, const json::array& events) {
    return client_->Call(token, "POST", "/api/v1/device/events",
                         json::serialize(json::object{{"events", events}}));
  }

  json::array Report(const std::string& token, const std::string& target) {
    auto r = client_->Call(token, "GET", target);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("items").as_array();
  }
  json::array Performance(const std::string& token) {
    return Report(token, "/api/v1/analytics/content-performance");
  }

  Account admin_;
  PairedScreen screen_;
  std::string content_a_, content_b_;
};

TEST_P(AnalyticsTest, ImpressionsAreAcknowledgedAfterCommitAndCountedOnce) {
  WsClient ws(server_->port(), "/ws/device");
  ws.Send(json::serialize(json::object{{"type", "hello"}, {"token", screen_.token}}));
  const std::string first = platform::NewId(), second = platform::NewId();
  // Acknowledged one by one, in order, each only once stored.
  for (const auto& id : {first, second, first}) {
    ws.Send(json::serialize(Impression(id, content_a_, 10'000, true)));
    const auto ack = NextFrame(ws, "events:ack");
    ASSERT_TRUE(ack) << "an events:ack for " << id;
    EXPECT_EQ(ack->at("ids"), json::array{json::value(id)});
  }
  // The same two again over HTTP, as a player does after an outage, plus a third twice in the
  // same batch; then the whole batch posted again.
  const std::string third = platform::NewId();
  const json::array batch{
      Impression(first, content_a_, 10'000, true), Impression(second, content_a_, 10'000, true),
      Impression(third, content_a_, 4'000, false), Impression(third, content_a_, 4'000, false)};
  auto posted = PostEvents(screen_.token, batch);
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(PostEvents(screen_.token, batch).status, 200);
  EXPECT_EQ(posted.Json().at("accepted").as_array().size(), 4u);
  EXPECT_TRUE(posted.Json().at("rejected").as_array().empty());

  const auto items = Performance(admin_.token);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("contentId").as_string(), content_a_);
  EXPECT_EQ(items[0].at("impressions").to_number<std::int64_t>(), 3);
  EXPECT_NEAR(items[0].at("avgDurationMs").to_number<double>(), 8000.0, 0.01);
  EXPECT_NEAR(items[0].at("completionRate").to_number<double>(), 2.0 / 3.0, 0.001);
}

TEST_P(AnalyticsTest, BadEventsAreRefusedOneByOneAndTheRestIsKept) {
  const std::int64_t now = platform::NowMillis();
  json::object future = Impression(platform::NewId(), content_a_, 1000, true);
  future["startedAt"] = platform::FormatIso8601(now + 3'600'000);
  json::object ancient = Impression(platform::NewId(), content_a_, 1000, true);
  ancient["startedAt"] = platform::FormatIso8601(now - 400LL * 24 * 3'600'000);
  json::object no_id = Impression("not-a-uuid", content_a_, 1000, true);
  json::object negative = Impression(platform::NewId(), content_a_, -5, true);
  json::object error{{"type", "playback_error"},
                     {"id", platform::NewId()},
                     {"contentId", content_b_},
                     {"errorType", "decode"},
                     {"errorMessage", "the video would not play"}};
  const std::string good = platform::NewId();
  auto posted = PostEvents(screen_.token, {future, ancient, no_id, negative, json::value(42),
                                           json::object{{"type", "mystery"}},
                                           Impression(good, content_a_, 1000, true), error});
  ASSERT_EQ(posted.status, 200) << posted.body;
  const auto rejected = posted.Json().at("rejected").as_array();
  ASSERT_EQ(rejected.size(), 6u) << posted.body;
  for (std::size_t i = 0; i < rejected.size(); ++i) {
    EXPECT_EQ(rejected[i].at("index").to_number<std::int64_t>(), static_cast<std::int64_t>(i));
    EXPECT_EQ(rejected[i].at("code"), "VALIDATION_001");
    EXPECT_FALSE(rejected[i].at("message").as_string().empty());
  }
  EXPECT_EQ(posted.Json().at("accepted").as_array().size(), 2u);
  const auto items = Performance(admin_.token);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("impressions").to_number<std::int64_t>(), 1);

  // Whole-batch errors: not a list, too many, no token.
  EXPECT_EQ(client_->Call(screen_.token, "POST", "/api/v1/device/events", R"({"events":3})").status,
            400);
  json::array many;
  for (int i = 0; i < 1001; ++i) many.push_back(Impression(platform::NewId(), "c", 1, true));
  EXPECT_EQ(PostEvents(screen_.token, many).status, 400);
  EXPECT_EQ(PostEvents("", {Impression(platform::NewId(), "c", 1, true)}).status, 401);
  // An admin's token is no device token, and a device token reads no reports.
  EXPECT_EQ(PostEvents(admin_.token, {Impression(platform::NewId(), "c", 1, true)}).status, 401);
  EXPECT_EQ(client_->Call(screen_.token, "GET", "/api/v1/analytics/content-performance").status,
            401);

  // A bad frame on the socket is answered with its id and the socket stays open.
  WsClient ws(server_->port(), "/ws/device");
  ws.Send(json::serialize(json::object{{"type", "hello"}, {"token", screen_.token}}));
  ws.Send(json::serialize(future));
  const auto refused = NextFrame(ws, "error");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->at("code"), "VALIDATION_001");
  EXPECT_EQ(refused->at("id"), future.at("id"));
}

TEST_P(AnalyticsTest, ReportsSeeOnlyTheirOrganization) {
  const auto other = AccountFrom(Register("bob@example.com", "Other"));
  const auto theirs = PairScreen(*client_, other.token, "Theirs");
  const std::string their_content = CreateWebPage(*client_, other.token, "theirs");
  // The same event id in two organizations is two events.
  const std::string id = platform::NewId();
  ASSERT_EQ(PostEvents(screen_.token, {Impression(id, content_a_, 1000, true)}).status, 200);
  ASSERT_EQ(PostEvents(theirs.token, {Impression(id, their_content, 1000, true)}).status, 200);
  const auto ours = Performance(admin_.token);
  ASSERT_EQ(ours.size(), 1u);
  EXPECT_EQ(ours[0].at("contentId").as_string(), content_a_);
  const auto their_items = Performance(other.token);
  ASSERT_EQ(their_items.size(), 1u);
  EXPECT_EQ(their_items[0].at("contentId").as_string(), their_content);
  for (const std::string report :
       {"/api/v1/analytics/devices/impressions", "/api/v1/analytics/devices/uptime"}) {
    const auto items = Report(admin_.token, report);
    ASSERT_EQ(items.size(), 1u) << report;
    EXPECT_EQ(items[0].at("deviceId").as_string(), screen_.id) << report;
  }
  auto csv = client_->Call(admin_.token, "GET", "/api/v1/analytics/impressions.csv");
  EXPECT_EQ(csv.body.find(their_content), std::string::npos);
  EXPECT_NE(csv.body.find(content_a_), std::string::npos);
  // A range that ends before the impressions sees none; a backwards one is refused.
  const std::string before = platform::FormatIso8601(platform::NowMillis() - 3'600'000);
  auto r = client_->Call(admin_.token, "GET", "/api/v1/analytics/content-performance?to=" + before);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.Json().at("items").as_array().empty());
  EXPECT_EQ(client_
                ->Call(admin_.token, "GET",
                       "/api/v1/analytics/content-performance?from=" + before + "&to=" + before)
                .status,
            400);
}

TEST_P(AnalyticsTest, EventsNamingAnotherOrganizationsContentOrScreenAreRefused) {
  const auto other = AccountFrom(Register("bob@example.com", "Other"));
  const auto theirs = PairScreen(*client_, other.token, "Theirs");
  const std::string their_content = CreateWebPage(*client_, other.token, "theirs");
  json::object for_their_screen = Impression(platform::NewId(), content_a_, 1000, true);
  for_their_screen["deviceId"] = theirs.id;
  json::object for_our_screen = Impression(platform::NewId(), content_b_, 1000, true);
  for_our_screen["deviceId"] = screen_.id;
  json::object their_error{{"type", "playback_error"},
                           {"id", platform::NewId()},
                           {"contentId", their_content},
                           {"errorType", "decode"}};
  auto posted = PostEvents(
      screen_.token,
      {Impression(platform::NewId(), their_content, 1000, true),
       Impression(platform::NewId(), platform::NewId(), 1000, true), for_their_screen, their_error,
       Impression(platform::NewId(), content_a_, 500, true), for_our_screen});
  ASSERT_EQ(posted.status, 200) << posted.body;
  const auto rejected = posted.Json().at("rejected").as_array();
  ASSERT_EQ(rejected.size(), 4u) << posted.body;
  for (std::size_t i = 0; i < rejected.size(); ++i) {
    EXPECT_EQ(rejected[i].at("index").to_number<std::int64_t>(), static_cast<std::int64_t>(i));
    EXPECT_EQ(rejected[i].at("code"), "VALIDATION_001");
  }
  EXPECT_EQ(posted.Json().at("accepted").as_array().size(), 2u);
  EXPECT_EQ(Performance(admin_.token).size(), 2u);
  EXPECT_TRUE(Performance(other.token).empty()) << "nothing lands in the other organization";

  // The same over the socket: refused with its id, the socket stays open and takes the next.
  WsClient ws(server_->port(), "/ws/device");
  ws.Send(json::serialize(json::object{{"type", "hello"}, {"token", screen_.token}}));
  const json::object foreign = Impression(platform::NewId(), their_content, 1000, true);
  ws.Send(json::serialize(foreign));
  const auto refused = NextFrame(ws, "error");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->at("id"), foreign.at("id"));
  ws.Send(json::serialize(Impression(platform::NewId(), content_a_, 1000, true)));
  EXPECT_TRUE(NextFrame(ws, "events:ack"));
}

TEST_P(AnalyticsTest, ReportsAreExactAcrossHoursAndPerScreenPerDay) {
  // Whole hours come from the rollups, the ends of the range from the detail: the answer must
  // not depend on where the range starts.
  const std::int64_t now = platform::NowMillis();
  const std::int64_t minute = 60'000;
  ASSERT_EQ(PostEvents(screen_.token,
                       {Impression(platform::NewId(), content_a_, 1000, true, now - 220 * minute),
                        Impression(platform::NewId(), content_a_, 3000, false, now - 200 * minute),
                        Impression(platform::NewId(), content_a_, 2000, true, now - 120 * minute),
                        Impression(platform::NewId(), content_b_, 4000, true, now - 10 * minute)})
                .status,
            200);
  const std::string from = platform::FormatIso8601(now - 210 * minute);
  const auto items = Report(admin_.token, "/api/v1/analytics/content-performance?from=" + from);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("contentId").as_string(), content_a_);
  EXPECT_EQ(items[0].at("impressions").to_number<std::int64_t>(), 2);
  EXPECT_NEAR(items[0].at("avgDurationMs").to_number<double>(), 2500.0, 0.01);
  EXPECT_NEAR(items[0].at("completionRate").to_number<double>(), 0.5, 0.001);
  EXPECT_EQ(items[1].at("impressions").to_number<std::int64_t>(), 1);
  // Every start minute gives the same as counting by hand.
  for (std::int64_t back = 5; back <= 230; back += 15) {
    const auto all = Report(admin_.token, "/api/v1/analytics/content-performance?from=" +
                                              platform::FormatIso8601(now - back * minute));
    std::int64_t counted = 0;
    for (const auto& item : all) counted += item.at("impressions").to_number<std::int64_t>();
    const std::int64_t expected = (back >= 220) + (back >= 200) + (back >= 120) + (back >= 10);
    EXPECT_EQ(counted, expected) << "from " << back << " minutes ago";
  }
  // Per screen per UTC day: four impressions, 10 s shown, on one or two days.
  std::int64_t impressions = 0, shown = 0;
  for (const auto& day : Report(admin_.token, "/api/v1/analytics/devices/impressions")) {
    EXPECT_EQ(day.at("deviceId").as_string(), screen_.id);
    EXPECT_EQ(day.at("day").as_string().size(), 10u);  // 2026-11-22
    impressions += day.at("impressions").to_number<std::int64_t>();
    shown += day.at("shownMs").to_number<std::int64_t>();
  }
  EXPECT_EQ(impressions, 4);
  EXPECT_EQ(shown, 10'000);
}

TEST_P(AnalyticsTest, UptimeComesFromHeartbeats) {
  const auto idle = PairScreen(*client_, admin_.token, "Never connected");
  WsClient ws(server_->port(), "/ws/device");
  ws.Send(json::serialize(json::object{{"type", "hello"}, {"token", screen_.token}}));
  ASSERT_TRUE(NextFrame(ws, "welcome"));
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ws.Send(R"({"type":"heartbeat","metrics":{"cpu":10,"memory":20}})");
    ASSERT_TRUE(NextFrame(ws, "heartbeat:ack"));
  }
  // The heartbeats are written in batches: wait for them.
  json::array items;
  for (int attempt = 0; attempt < 50; ++attempt) {
    items = Report(admin_.token, "/api/v1/analytics/devices/uptime");
    if (items.size() == 2 && (items[0].at("heartbeats").to_number<std::int64_t>() +
                              items[1].at("heartbeats").to_number<std::int64_t>()) == 3) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(items.size(), 2u);
  for (const auto& item : items) {
    const bool lobby = item.at("deviceId").as_string() == screen_.id;
    EXPECT_EQ(item.at("heartbeats").to_number<std::int64_t>(), lobby ? 3 : 0);
    // The beats vouch for the ~0.9 s since the hello, within the hour the range was widened to.
    const std::int64_t online = item.at("onlineMs").to_number<std::int64_t>();
    if (lobby) {
      EXPECT_GE(online, 800);
      EXPECT_LT(online, 5000);
      EXPECT_GT(item.at("uptime").to_number<double>(), 0.0);
    } else {
      EXPECT_EQ(online, 0);
      EXPECT_EQ(item.at("uptime").to_number<double>(), 0.0);
    }
    EXPECT_LE(item.at("uptime").to_number<double>(), 1.0);
  }
  (void)idle;
}

TEST_P(AnalyticsTest, ApiLatencyPerRoute) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(client_->Call(admin_.token, "GET", "/api/v1/devices").status, 200);
  }
  ASSERT_EQ(client_->Call(admin_.token, "GET", "/api/v1/devices/" + platform::NewId()).status, 404);
  json::array items;
  const auto find = [&](std::string_view method, std::string_view route) -> const json::value* {
    for (const auto& item : items) {
      if (item.at("method").as_string() == method && item.at("route").as_string() == route) {
        return &item;
      }
    }
    return nullptr;
  };
  for (int attempt = 0; attempt < 50; ++attempt) {
    items = Report(admin_.token, "/api/v1/analytics/api-latency");
    const auto* list = find("GET", "/api/v1/devices");
    if (list && list->at("requests").to_number<std::int64_t>() >= 5 &&
        find("GET", "/api/v1/devices/{id}")) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto* list = find("GET", "/api/v1/devices");
  ASSERT_TRUE(list) << json::serialize(items);
  EXPECT_EQ(list->at("requests").to_number<std::int64_t>(), 5);
  EXPECT_EQ(list->at("serverErrors").to_number<std::int64_t>(), 0);
  const double p50 = list->at("p50Ms").to_number<double>();
  const double p99 = list->at("p99Ms").to_number<double>();
  EXPECT_GT(p50, 0.0);
  EXPECT_LE(p50, p99);
  EXPECT_LT(p99, 5000.0);
  ASSERT_TRUE(find("GET", "/api/v1/devices/{id}")) << "routes by pattern, not path";
  // Another organization sees none of it.
  const auto other = AccountFrom(Register("bob@example.com", "Other"));
  for (const auto& item : Report(other.token, "/api/v1/analytics/api-latency")) {
    EXPECT_NE(item.at("route"), "/api/v1/devices") << "only its own requests";
  }
}

TEST_P(AnalyticsTest, ImpressionsExportAsStreamedCsv) {
  // A screen whose name needs quoting, and more rows than one page of the export.
  ASSERT_EQ(client_
                ->Call(admin_.token, "PATCH", "/api/v1/devices/" + screen_.id,
                       R"({"nickname":"Lobby, \"north\""})")
                .status,
            200);
  const std::int64_t now = platform::NowMillis();
  constexpr int kRows = 2500;
  for (int sent = 0; sent < kRows; sent += 500) {
    json::array batch;
    for (int i = sent; i < sent + 500; ++i) {
      batch.push_back(
          Impression(platform::NewId(), content_a_, 1000, i % 2 == 0, now - 100'000 + i));
    }
    ASSERT_EQ(PostEvents(screen_.token, batch).status, 200);
  }
  auto r = client_->Call(admin_.token, "GET", "/api/v1/analytics/impressions.csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.Header("transfer-encoding"), "chunked") << "streamed, not built whole";
  EXPECT_NE(r.Header("content-disposition").find("impressions.csv"), std::string::npos);
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < r.body.size();) {
    const auto end = r.body.find("\r\n", at);
    lines.push_back(r.body.substr(at, end - at));
    at = end + 2;
  }
  ASSERT_EQ(lines.size(), kRows + 1u);
  EXPECT_EQ(
      lines[0],
      "id,startedAt,deviceId,deviceName,contentId,contentTitle,playlistId,durationMs,completed");
  EXPECT_NE(lines[1].find(",\"Lobby, \"\"north\"\"\","), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(",menu,playlist-1,1000,true"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(",1000,false"), std::string::npos) << lines[2];
  // Oldest first.
  EXPECT_LT(lines[1].substr(37, 24), lines[kRows].substr(37, 24));
  // A range with nothing in it: the header alone.
  const std::string old = platform::FormatIso8601(now - 10'000'000);
  auto empty = client_->Call(admin_.token, "GET",
                             "/api/v1/analytics/impressions.csv?from=" + old +
                                 "&to=" + platform::FormatIso8601(now - 9'000'000));
  EXPECT_EQ(std::count(empty.body.begin(), empty.body.end(), '\n'), 1);
  EXPECT_EQ(client_->Call(screen_.token, "GET", "/api/v1/analytics/impressions.csv").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, AnalyticsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
