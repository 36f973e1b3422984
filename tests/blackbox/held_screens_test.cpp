// Screens beyond a reduced plan (issue 23): when an organization may have fewer screens than
// it has, nothing is unpaired. The screens paired first, up to the limit, go on receiving
// content; the others keep playing what they have and are sent nothing new (a "held" frame
// instead of manifests, 304 to whatever they hold), and the device list and the plan page say
// so. Unpairing a screen, or paying again, lets the held ones have content again. On SQLite
// and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/store/database.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

struct Screen {
  std::string id, token;
  std::unique_ptr<WsClient> socket;
};

// The next frame on the socket, whatever its type.
std::optional<json::object> Next(WsClient& ws) {
  const auto text = ws.Read();
  if (!text) return std::nullopt;
  return json::parse(*text).as_object();
}

class HeldScreensTest : public ServerBackendTest {
 protected:
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    admin_ = AccountFrom(Register("ada@example.com", "Acme"));
    db_ = platform::store::Database::Open(database_, {.pool_size = 1});
    const std::string page = CreateWebPage(*client_, admin_.token, "menu");
    playlist_ = std::string(
        Call("POST", "/api/v1/playlists",
             R"({"name":"Menu","items":[{"contentId":")" + page + R"(","duration":20}]})")
            .Json()
            .at("playlist")
            .at("id")
            .as_string());
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return client_->Call(admin_.token, method, target, body);
  }
  void Sql(const std::string& statement) {
    db_->TransactBlocking(
        [&](platform::store::Connection& c) { c.Execute(statement, {admin_.organization_id}); });
  }
  // The welcome and the frame after it.
  json::object Connect(Screen& s) {
    s.socket = std::make_unique<WsClient>(server_->port(), "/ws/device");
    s.socket->Send(json::serialize(json::object{{"type", "hello"}, {"token", s.token}}));
    EXPECT_TRUE(NextFrame(*s.socket, "welcome"));
    auto after = Next(*s.socket);
    EXPECT_TRUE(after);
    return after.value_or(json::object{});
  }
  Screen PairAndConnect(const std::string& name) {
    const PairedScreen paired = PairScreen(*client_, admin_.token, name);
    Screen s{paired.id, paired.token, nullptr};
    EXPECT_EQ(Connect(s).at("type"), "manifest");
    return s;
  }
  HttpResponse Publish() {
    return Call("POST", "/api/v1/playlists/" + playlist_ + "/instant-publish",
                R"({"allDevices":true,"durationMinutes":30})");
  }
  std::map<std::string, bool> HeldByDevice() {
    std::map<std::string, bool> out;
    const json::value list = Call("GET", "/api/v1/devices").Json();
    for (const auto& d : list.at("items").as_array()) {
      out[std::string(d.at("id").as_string())] = d.at("held").as_bool();
    }
    return out;
  }
  HttpResponse ManifestOf(const Screen& s, const std::string& if_none_match = "") {
    std::vector<std::pair<std::string, std::string>> headers{
        {"Authorization", "Bearer " + s.token}};
    if (!if_none_match.empty()) headers.emplace_back("If-None-Match", if_none_match);
    return client_->Send({"GET", "/api/v1/device/manifest", {}, headers});
  }

  Account admin_;
  std::unique_ptr<platform::store::Database> db_;
  std::string playlist_;
};

TEST_P(HeldScreensTest, ScreensBeyondAReducedPlanKeepWhatTheyPlayAndGetNothingNew) {
  // A paying organization with seven screens.
  Sql("UPDATE organizations SET subscription_tier = 'basic', subscription_status = 'active', "
      "screen_quota = 7 WHERE id = $1");
  std::vector<Screen> screens;
  for (int i = 1; i <= 7; ++i) screens.push_back(PairAndConnect("Screen " + std::to_string(i)));
  for (const auto& [id, held] : HeldByDevice()) EXPECT_FALSE(held) << id;
  json::value billing = Call("GET", "/api/v1/billing").Json();
  EXPECT_EQ(billing.at("heldScreens"), 0);

  // It cancels: the free plan's five screens. Nothing is unpaired; the last two are held.
  Sql("UPDATE organizations SET subscription_status = 'canceled' WHERE id = $1");
  billing = Call("GET", "/api/v1/billing").Json();
  EXPECT_EQ(billing.at("limitedBecause"), "canceled");
  EXPECT_EQ(billing.at("limits").at("screens"), 5);
  EXPECT_EQ(billing.at("usage").at("screens"), 7);
  EXPECT_EQ(billing.at("heldScreens"), 2);
  auto held = HeldByDevice();
  ASSERT_EQ(held.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(held[screens[i].id], i >= 5) << "screen " << i + 1;
  EXPECT_EQ(Call("GET", "/api/v1/devices/" + screens[6].id).Json().at("device").at("held"), true);

  // A publish to all reaches the first five; the held two are told once, and play on.
  WsClient dashboard(server_->port(), "/ws/admin", {{"Authorization", "Bearer " + admin_.token}});
  ASSERT_TRUE(NextFrame(dashboard, "welcome"));
  ASSERT_EQ(Publish().status, 201);
  for (int i = 0; i < 5; ++i) {
    auto pushed = Next(*screens[i].socket);
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->at("type"), "manifest") << "screen " << i + 1;
  }
  std::string held_version;
  for (int i = 5; i < 7; ++i) {
    auto told = Next(*screens[i].socket);
    ASSERT_TRUE(told);
    EXPECT_EQ(told->at("type"), "held") << "screen " << i + 1;
    EXPECT_EQ(told->at("reason"), "canceled");
    EXPECT_EQ(told->at("allowedScreens"), 5);
    held_version = std::string(told->at("version").as_string());
  }
  auto delivered = NextFrame(dashboard, "publish:delivered");
  ASSERT_TRUE(delivered);
  EXPECT_EQ(delivered->at("screens"), 5) << "held screens are not counted as reached";

  // Over HTTP a held screen keeps whatever it holds; one that holds nothing gets nothing.
  const auto kept = ManifestOf(screens[6], "\"0123456789abcdef\"");
  EXPECT_EQ(kept.status, 304);
  EXPECT_EQ(kept.Header("etag"), "\"0123456789abcdef\"");
  const auto bare = ManifestOf(screens[6]);
  ASSERT_EQ(bare.status, 200);
  EXPECT_TRUE(bare.Json().at("timeline").as_array().empty());
  EXPECT_EQ(bare.Json().at("held").at("reason"), "canceled");
  EXPECT_EQ(bare.Json().at("version").as_string(), held_version);
  // Reconnecting changes nothing: the held frame again, no manifest.
  screens[6].socket.reset();
  EXPECT_EQ(Connect(screens[6]).at("type"), "held");

  // Unpairing one of the first five frees a place: the first held screen takes it at once.
  ASSERT_EQ(Call("DELETE", "/api/v1/devices/" + screens[0].id).status, 204);
  auto freed = NextFrame(*screens[5].socket, "manifest");
  ASSERT_TRUE(freed) << "the sixth screen is sent what it should play";
  bool instant = false;
  for (const auto& s : freed->at("timeline").as_array()) instant |= s.at("source") == "instant";
  EXPECT_TRUE(instant);
  held = HeldByDevice();
  EXPECT_FALSE(held[screens[5].id]);
  EXPECT_TRUE(held[screens[6].id]);

  // Paying again: the next push reaches every screen.
  Sql("UPDATE organizations SET subscription_status = 'active' WHERE id = $1");
  EXPECT_EQ(Call("GET", "/api/v1/billing").Json().at("heldScreens"), 0);
  ASSERT_EQ(Publish().status, 201);
  auto back = NextFrame(*screens[6].socket, "manifest");
  ASSERT_TRUE(back) << "the last held screen has content again";
  EXPECT_FALSE(back->at("timeline").as_array().empty());
  EXPECT_EQ(ManifestOf(screens[6]).Json().as_object().count("held"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, HeldScreensTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
