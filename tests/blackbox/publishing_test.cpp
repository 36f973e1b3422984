// Publishing from the outside (API.md "Playlists and publishing", "WebSocket: devices"):
// instant publishes reach exactly the targeted screens over their sockets, the manifest
// (timeline, playlists, content) matches GET /api/v1/device/manifest with its ETag, ending or
// expiring a publish pushes a fresh one, schedules push too, and timelines can be read for any
// range. On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>

#include "platform/core/clock.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

struct Screen {
  std::string id, token;
  std::unique_ptr<WsClient> socket;
};

bool HasSource(const json::object& manifest, const std::string& source,
               const std::string& source_id = "") {
  for (const auto& s : manifest.at("timeline").as_array()) {
    if (s.at("source") == source.c_str() &&
        (source_id.empty() || s.at("sourceId") == source_id.c_str())) {
      return true;
    }
  }
  return false;
}

class PublishingTest : public ServerBackendTest {
 protected:
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    admin_ = AccountFrom(Register("ada@example.com", "Acme"));
    auto page = Call("POST", "/api/v1/content",
                     R"({"type":"webpage","title":"Menu","url":"https://example.com/menu"})");
    content_ = std::string(page.Json().at("content").at("id").as_string());
    auto playlist = Call("POST", "/api/v1/playlists",
                         R"({"name":"Menu","items":[{"contentId":")" + content_ +
                             R"(","duration":20,"transition":"fade"}]})");
    playlist_ = std::string(playlist.Json().at("playlist").at("id").as_string());
    group_ = std::string(Call("POST", "/api/v1/device-groups", R"({"name":"Lobby"})")
                             .Json()
                             .at("group")
                             .at("id")
                             .as_string());
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return client_->Call(admin_.token, method, target, body);
  }

  Screen PairAndConnect(const std::string& name, bool in_group) {
    auto code = client_->PostJson("/api/v1/devices/pairing/request", "{}").Json();
    const std::string extra = in_group ? R"(,"groupIds":[")" + group_ + "\"]" : "";
    auto done = Call("POST", "/api/v1/devices/pairing/complete",
                     R"({"code":")" + std::string(code.at("code").as_string()) +
                         R"(","nickname":")" + name + "\"" + extra + "}");
    EXPECT_EQ(done.status, 201) << done.body;
    auto status = client_->Send(
        {"GET",
         "/api/v1/devices/pairing/status?code=" + std::string(code.at("code").as_string()),
         {},
         {{"X-Pairing-Secret", std::string(code.at("pairingSecret").as_string())}}});
    Screen s{std::string(status.Json().at("deviceId").as_string()),
             std::string(status.Json().at("deviceToken").as_string()), nullptr};
    s.socket = std::make_unique<WsClient>(server_->port(), "/ws/device");
    s.socket->Send(json::serialize(json::object{{"type", "hello"}, {"token", s.token}}));
    EXPECT_TRUE(NextFrame(*s.socket, "welcome"));
    auto first = NextFrame(*s.socket, "manifest");
    EXPECT_TRUE(first);
    if (first) {
      EXPECT_TRUE(HasSource(*first, "idle")) << "nothing scheduled yet";
    }
    return s;
  }

  HttpResponse Publish(const json::object& body) {
    return Call("POST", "/api/v1/playlists/" + playlist_ + "/instant-publish",
                json::serialize(body));
  }

  Account admin_;
  std::string content_, playlist_, group_;
};

TEST_P(PublishingTest, AnInstantPublishReachesExactlyItsScreens) {
  Screen a = PairAndConnect("A", true), b = PairAndConnect("B", false),
         c = PairAndConnect("C", false);
  WsClient dashboard(server_->port(), "/ws/admin", {{"Authorization", "Bearer " + admin_.token}});
  ASSERT_TRUE(NextFrame(dashboard, "welcome"));
  auto published =
      Publish({{"groupIds", json::array{json::value(group_)}}, {"durationMinutes", 30}});
  ASSERT_EQ(published.status, 201) << published.body;
  const auto p = published.Json().at("instantPublish");
  const std::string publish_id(p.at("id").as_string());
  EXPECT_EQ(p.at("active"), true);
  EXPECT_FALSE(p.at("expiresAt").is_null());

  auto pushed = NextFrame(*a.socket, "manifest");
  ASSERT_TRUE(pushed) << "the targeted screen gets its new timeline";
  auto delivered = NextFrame(dashboard, "publish:delivered");
  ASSERT_TRUE(delivered) << "the dashboard hears it went out";
  EXPECT_EQ(delivered->at("publishId"), publish_id.c_str());
  EXPECT_EQ(delivered->at("screens").as_int64(), 1);
  EXPECT_TRUE(HasSource(*pushed, "instant", publish_id));
  ASSERT_EQ(pushed->at("playlists").as_array().size(), 1u);
  EXPECT_EQ(pushed->at("playlists").at(0).at("items").at(0).at("transition"), "fade");
  ASSERT_EQ(pushed->at("content").as_array().size(), 1u);
  EXPECT_EQ(pushed->at("content").at(0).at("url"), "https://example.com/menu");
  // (A read that times out spoils the test client's socket: C is only used for this.)
  EXPECT_FALSE(NextFrame(*c.socket, "manifest", 700ms)) << "an untargeted screen hears nothing new";

  // The same manifest over HTTP, with its version as ETag.
  auto fetched = client_->Call(a.token, "GET", "/api/v1/device/manifest");
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.Json().at("version"), pushed->at("version"));
  const std::string etag = fetched.Header("etag");
  EXPECT_EQ(client_
                ->Send({"GET",
                        "/api/v1/device/manifest",
                        {},
                        {{"Authorization", "Bearer " + a.token}, {"If-None-Match", etag}}})
                .status,
            304);
  EXPECT_FALSE(HasSource(
      client_->Call(b.token, "GET", "/api/v1/device/manifest").Json().as_object(), "instant"));

  auto active = Call("GET", "/api/v1/instant-publishes?active=true").Json().at("items").as_array();
  ASSERT_EQ(active.size(), 1u);
  // Ended early: the screen goes back, at once.
  EXPECT_EQ(Call("DELETE", "/api/v1/instant-publishes/" + publish_id).status, 204);
  auto after = NextFrame(*a.socket, "manifest");
  ASSERT_TRUE(after);
  EXPECT_FALSE(HasSource(*after, "instant"));
  EXPECT_TRUE(
      Call("GET", "/api/v1/instant-publishes?active=true").Json().at("items").as_array().empty());
  EXPECT_EQ(Call("DELETE", "/api/v1/instant-publishes/" + publish_id).status, 404);

  // To every screen.
  ASSERT_EQ(Publish({{"allDevices", true}}).status, 201);
  EXPECT_TRUE(NextFrame(*a.socket, "manifest"));
  auto to_b = NextFrame(*b.socket, "manifest");
  ASSERT_TRUE(to_b) << "B had not heard anything before: the first frame is this one";
  EXPECT_TRUE(HasSource(*to_b, "instant"));
}

TEST_P(PublishingTest, APublishExpiresOnTimeWithNobodyLooking) {
  Screen a = PairAndConnect("A", true);
  const std::string soon = platform::FormatIso8601(platform::NowMillis() + 2500);
  auto published = Publish({{"deviceIds", json::array{json::value(a.id)}}, {"expiresAt", soon}});
  ASSERT_EQ(published.status, 201) << published.body;
  auto with = NextFrame(*a.socket, "manifest");
  ASSERT_TRUE(with);
  EXPECT_TRUE(HasSource(*with, "instant"));
  // The timeline itself says when it ends; and when it has, a fresh manifest arrives.
  auto fresh = NextFrame(*a.socket, "manifest", 8000ms);
  ASSERT_TRUE(fresh) << "pushed after expiry";
  EXPECT_FALSE(HasSource(*fresh, "instant"));
}

TEST_P(PublishingTest, SchedulesPushAndTimelinesReadForAnyRange) {
  Screen a = PairAndConnect("A", true);
  auto created = Call("POST", "/api/v1/schedules",
                      json::serialize(json::object{{"name", "Always"},
                                                   {"playlistId", playlist_},
                                                   {"deviceIds", json::array{json::value(a.id)}},
                                                   {"cronExpression", "0 * * * *"},
                                                   {"timezone", "Europe/Paris"},
                                                   {"priority", 5}}));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string schedule(created.Json().at("schedule").at("id").as_string());
  auto pushed = NextFrame(*a.socket, "manifest");
  ASSERT_TRUE(pushed);
  EXPECT_TRUE(HasSource(*pushed, "schedule", schedule));

  auto timeline =
      Call("GET", "/api/v1/devices/" + a.id +
                      "/timeline?from=2031-01-01T00:00:00.000Z&to=2031-01-02T00:00:00.000Z");
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  const json::value body = timeline.Json();
  const auto& segments = body.at("timeline").as_array();
  ASSERT_FALSE(segments.empty());
  EXPECT_EQ(segments.front().at("start"), "2031-01-01T00:00:00.000Z");
  EXPECT_EQ(segments.back().at("end"), "2031-01-02T00:00:00.000Z");
  EXPECT_EQ(segments.front().at("source"), "schedule");
  EXPECT_EQ(Call("GET", "/api/v1/devices/" + a.id +
                            "/timeline?from=2031-01-02T00:00:00.000Z&to=2031-01-01T00:00:00.000Z")
                .status,
            400);
  EXPECT_EQ(Call("GET", "/api/v1/devices/00000000-0000-7000-8000-000000000000/timeline").status,
            404);

  // A default playlist shows where nothing else does; changing it pushes.
  ASSERT_EQ(Call("DELETE", "/api/v1/schedules/" + schedule).status, 204);
  EXPECT_TRUE(NextFrame(*a.socket, "manifest"));
  ASSERT_EQ(
      Call("PATCH", "/api/v1/devices/" + a.id, R"({"defaultPlaylistId":")" + playlist_ + "\"}")
          .status,
      200);
  auto with_default = NextFrame(*a.socket, "manifest");
  ASSERT_TRUE(with_default);
  EXPECT_TRUE(HasSource(*with_default, "default"));

  // A schedule aimed at the screen's group, then the group deleted: pushed both times.
  auto by_group = Call("POST", "/api/v1/schedules",
                       json::serialize(json::object{{"name", "Group"},
                                                    {"playlistId", playlist_},
                                                    {"groupIds", json::array{json::value(group_)}},
                                                    {"cronExpression", "0 * * * *"},
                                                    {"priority", 9}}));
  ASSERT_EQ(by_group.status, 201) << by_group.body;
  auto grouped = NextFrame(*a.socket, "manifest");
  ASSERT_TRUE(grouped);
  EXPECT_TRUE(HasSource(*grouped, "schedule"));
  ASSERT_EQ(Call("DELETE", "/api/v1/device-groups/" + group_).status, 204);
  auto ungrouped = NextFrame(*a.socket, "manifest");
  ASSERT_TRUE(ungrouped) << "deleting the group changed the screen's timeline";
  EXPECT_FALSE(HasSource(*ungrouped, "schedule"));
}

TEST_P(PublishingTest, NonsenseIsRefused) {
  Screen a = PairAndConnect("A", true);
  const Account other = AccountFrom(Register("eve@example.com", "Other"));
  auto their_group = client_->Call(other.token, "POST", "/api/v1/device-groups", R"({"name":"X"})");
  const std::string foreign(their_group.Json().at("group").at("id").as_string());
  EXPECT_EQ(Publish({{"groupIds", json::array{json::value(foreign)}}}).status, 422);
  EXPECT_EQ(Publish({{"deviceIds", json::array{"00000000-0000-7000-8000-000000000000"}}}).status,
            422);
  EXPECT_EQ(Publish({}).status, 422) << "no target";
  EXPECT_EQ(Publish({{"allDevices", true}, {"expiresAt", "2020-01-01T00:00:00.000Z"}}).status, 422);
  EXPECT_EQ(Publish({{"allDevices", true}, {"durationMinutes", 0}}).status, 400);
  EXPECT_EQ(
      Publish(
          {{"allDevices", true}, {"durationMinutes", 5}, {"expiresAt", "2099-01-01T00:00:00.000Z"}})
          .status,
      400);
  EXPECT_EQ(Call("POST", "/api/v1/playlists/00000000-0000-7000-8000-000000000000/instant-publish",
                 R"({"allDevices":true})")
                .status,
            404);
  // Another organization cannot publish this organization's playlist.
  EXPECT_EQ(client_
                ->Call(other.token, "POST", "/api/v1/playlists/" + playlist_ + "/instant-publish",
                       R"({"allDevices":true})")
                .status,
            404);
  EXPECT_TRUE(Call("GET", "/api/v1/instant-publishes").Json().at("items").as_array().empty());
  EXPECT_FALSE(NextFrame(*a.socket, "manifest", 500ms)) << "nothing was pushed";
}

INSTANTIATE_TEST_SUITE_P(Backends, PublishingTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
