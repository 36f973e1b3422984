// Proof of play from the outside (API.md "WebSocket: devices" 5, "Devices" device side,
// "Analytics and audit"): impressions sent over the socket are acknowledged once committed,
// resends over the socket or HTTP are counted once, bad events are refused one by one while the
// rest of the batch is kept, and reports see only the caller's organization. On SQLite and
// PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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
  }

  json::object Impression(const std::string& id, const std::string& content, std::int64_t shown_ms,
                          bool completed) const {
    return {{"type", "impression"},
            {"id", id},
            {"contentId", content},
            {"playlistId", "playlist-1"},
            {"startedAt", platform::FormatIso8601(platform::NowMillis() - 60'000)},
            {"durationMs", shown_ms},
            {"completed", completed}};
  }

  HttpResponse PostEvents(const std::string& token, const json::array& events) {
    return client_->Call(token, "POST", "/api/v1/device/events",
                         json::serialize(json::object{{"events", events}}));
  }

  json::array Performance(const std::string& token) {
    auto r = client_->Call(token, "GET", "/api/v1/analytics/content-performance");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("items").as_array();
  }

  Account admin_;
  PairedScreen screen_;
};

TEST_P(AnalyticsTest, ImpressionsAreAcknowledgedAfterCommitAndCountedOnce) {
  WsClient ws(server_->port(), "/ws/device");
  ws.Send(json::serialize(json::object{{"type", "hello"}, {"token", screen_.token}}));
  const std::string first = platform::NewId(), second = platform::NewId();
  // Acknowledged one by one, in order, each only once stored.
  for (const auto& id : {first, second, first}) {
    ws.Send(json::serialize(Impression(id, "content-a", 10'000, true)));
    const auto ack = NextFrame(ws, "events:ack");
    ASSERT_TRUE(ack) << "an events:ack for " << id;
    EXPECT_EQ(ack->at("ids"), json::array{json::value(id)});
  }
  // The same two again over HTTP, as a player does after an outage, plus a third.
  const std::string third = platform::NewId();
  auto posted = PostEvents(screen_.token, {Impression(first, "content-a", 10'000, true),
                                           Impression(second, "content-a", 10'000, true),
                                           Impression(third, "content-a", 4'000, false)});
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.Json().at("accepted").as_array().size(), 3u);
  EXPECT_TRUE(posted.Json().at("rejected").as_array().empty());

  const auto items = Performance(admin_.token);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("contentId"), "content-a");
  EXPECT_EQ(items[0].at("impressions").to_number<std::int64_t>(), 3);
  EXPECT_NEAR(items[0].at("avgDurationMs").to_number<double>(), 8000.0, 0.01);
  EXPECT_NEAR(items[0].at("completionRate").to_number<double>(), 2.0 / 3.0, 0.001);
}

TEST_P(AnalyticsTest, BadEventsAreRefusedOneByOneAndTheRestIsKept) {
  const std::int64_t now = platform::NowMillis();
  json::object future = Impression(platform::NewId(), "content-a", 1000, true);
  future["startedAt"] = platform::FormatIso8601(now + 3'600'000);
  json::object ancient = Impression(platform::NewId(), "content-a", 1000, true);
  ancient["startedAt"] = platform::FormatIso8601(now - 400LL * 24 * 3'600'000);
  json::object no_id = Impression("not-a-uuid", "content-a", 1000, true);
  json::object negative = Impression(platform::NewId(), "content-a", -5, true);
  json::object error{{"type", "playback_error"},
                     {"id", platform::NewId()},
                     {"contentId", "content-b"},
                     {"errorType", "decode"},
                     {"errorMessage", "the video would not play"}};
  const std::string good = platform::NewId();
  auto posted = PostEvents(screen_.token, {future, ancient, no_id, negative, json::value(42),
                                           json::object{{"type", "mystery"}},
                                           Impression(good, "content-a", 1000, true), error});
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
  // The same event id in two organizations is two events.
  const std::string id = platform::NewId();
  ASSERT_EQ(PostEvents(screen_.token, {Impression(id, "ours", 1000, true)}).status, 200);
  ASSERT_EQ(PostEvents(theirs.token, {Impression(id, "theirs", 1000, true)}).status, 200);
  const auto ours = Performance(admin_.token);
  ASSERT_EQ(ours.size(), 1u);
  EXPECT_EQ(ours[0].at("contentId"), "ours");
  const auto their_items = Performance(other.token);
  ASSERT_EQ(their_items.size(), 1u);
  EXPECT_EQ(their_items[0].at("contentId"), "theirs");
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

INSTANTIATE_TEST_SUITE_P(Backends, AnalyticsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
