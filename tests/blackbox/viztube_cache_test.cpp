// VizTube's cached reads (DESIGN.md "Reads are cached") over real HTTP: the list, a video and
// a channel page are served from the cache (the metrics say so) and stay exact after every
// write that changes them: an edit, a like, a subscription, the owner's profile, publishing,
// deletion. On PostgreSQL with
// Redis, a write on one instance reaches another's cache long before its entries expire.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"
#include "tests/support/viztube_server.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

class VizTubeCacheTest : public VizTubeServerTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    if (GetParam() == Backend::kPostgres && RedisUrl()) return {"--redis", *RedisUrl()};
    return {};
  }
  void SetUp() override {
    VizTubeServerTest::SetUp();
    if (IsSkipped()) return;
    MakeVideo(dir_.path() / "clip.mp4", 1.0, 160, 120);
    ada_ = SignUp("ada");
    grace_ = SignUp("grace");
    const auto r = UploadVideo(ada_.token, dir_.path() / "clip.mp4", "First");
    ASSERT_EQ(r.status, 201) << r.body;
    id_ = std::string(r.Json().at("data").at("id").as_string());
  }
  // The first video of the home page's list, as `client` sees it.
  static json::object FirstListed(HttpClient& client) {
    const auto r = client.Get("/api/v2/videos?page=1&limit=20");
    EXPECT_EQ(r.status, 200) << r.body;
    const json::value body = r.Json();
    const auto& docs = body.at("data").at("docs").as_array();
    return docs.empty() ? json::object{} : docs[0].as_object();
  }
  json::object Video(const std::string& token) {
    const auto r = client_->Call(token, "GET", "/api/v2/videos/" + id_);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("data").as_object();
  }
  double Metric(const std::string& name) {
    const std::string text = client_->Get("/metrics").body;
    const std::string line = "\n" + name + " ";
    const auto at = text.find(line);
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + line.size(), 32));
  }

  SignedUp ada_, grace_;
  std::string id_;
};

TEST_P(VizTubeCacheTest, ReadsAreServedFromTheCacheAndExactAfterEveryWrite) {
  EXPECT_EQ(FirstListed(*client_).at("title").as_string(), "First");
  const double hits = Metric("viztube_video_list_cache_hits");
  EXPECT_EQ(FirstListed(*client_).at("title").as_string(), "First");
  EXPECT_EQ(Metric("viztube_video_list_cache_hits"), hits + 1) << "the second read was a hit";
  Video(grace_.token);
  const double video_hits = Metric("viztube_video_cache_hits");
  Video(grace_.token);
  EXPECT_EQ(Metric("viztube_video_cache_hits"), video_hits + 1);

  // An upload: the newest video heads the cached list at once.
  const auto second = UploadVideo(ada_.token, dir_.path() / "clip.mp4", "Second");
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(FirstListed(*client_).at("title").as_string(), "Second");
  ASSERT_EQ(
      client_
          ->Call(ada_.token, "DELETE",
                 "/api/v2/videos/" + std::string(second.Json().at("data").at("id").as_string()))
          .status,
      200);
  EXPECT_EQ(FirstListed(*client_).at("title").as_string(), "First");

  // An edit.
  ASSERT_EQ(
      client_->Call(ada_.token, "PATCH", "/api/v2/videos/" + id_, R"({"title":"Renamed"})").status,
      200);
  EXPECT_EQ(FirstListed(*client_).at("title").as_string(), "Renamed");
  EXPECT_EQ(Video(grace_.token).at("title").as_string(), "Renamed");

  // A like, and taking it back.
  const std::string like = "/api/v2/likes/toggle/v/" + id_;
  ASSERT_EQ(client_->Call(grace_.token, "POST", like, "{}").status, 200);
  EXPECT_EQ(Video(grace_.token).at("likesCount").as_int64(), 1);
  EXPECT_TRUE(Video(grace_.token).at("isLiked").as_bool());
  EXPECT_EQ(FirstListed(*client_).at("likesCount").as_int64(), 1);
  ASSERT_EQ(client_->Call(grace_.token, "POST", like, "{}").status, 200);
  EXPECT_EQ(FirstListed(*client_).at("likesCount").as_int64(), 0);
  EXPECT_FALSE(Video(grace_.token).at("isLiked").as_bool());

  // The owner's profile, shown with the video.
  ASSERT_EQ(client_
                ->Call(ada_.token, "PATCH", "/api/v2/user/update-account",
                       R"({"fullname":"Ada Lovelace"})")
                .status,
            200);
  EXPECT_EQ(FirstListed(*client_).at("owner").at("fullname").as_string(), "Ada Lovelace");
  EXPECT_EQ(Video(grace_.token).at("owner").at("fullname").as_string(), "Ada Lovelace");
  const std::string avatar_before =
      std::string(FirstListed(*client_).at("owner").at("avatar").as_string());
  ASSERT_EQ(SendForm("PATCH", "/api/v2/user/update-avatar", ada_.token,
                     {{"avatar", avatar_, "b.png", "image/png"}})
                .status,
            200);
  EXPECT_NE(FirstListed(*client_).at("owner").at("avatar").as_string(), avatar_before);

  // The channel page: cached for everyone alike, exact after a subscription, its undoing and
  // a profile change; isSubscribed and the email stay each viewer's own.
  const auto channel = [&](const SignedUp& viewer) {
    const auto r = client_->Call(viewer.token, "GET", "/api/v2/user/c/ada");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("data").as_object();
  };
  EXPECT_EQ(channel(grace_).at("subscriberCount").as_int64(), 0);
  const double channel_hits = Metric("viztube_channel_cache_hits");
  EXPECT_EQ(channel(grace_).at("subscriberCount").as_int64(), 0);
  EXPECT_EQ(Metric("viztube_channel_cache_hits"), channel_hits + 1);
  ASSERT_EQ(client_->Call(grace_.token, "POST", "/api/v2/subscriptions/c/" + ada_.id).status, 200);
  EXPECT_EQ(channel(grace_).at("subscriberCount").as_int64(), 1);
  EXPECT_TRUE(channel(grace_).at("isSubscribed").as_bool());
  EXPECT_FALSE(channel(ada_).at("isSubscribed").as_bool());
  EXPECT_EQ(channel(ada_).at("email").as_string(), "ada@example.com");
  EXPECT_FALSE(channel(grace_).contains("email"));
  ASSERT_EQ(client_->Call(grace_.token, "POST", "/api/v2/subscriptions/c/" + ada_.id).status, 200);
  EXPECT_EQ(channel(grace_).at("subscriberCount").as_int64(), 0);
  EXPECT_FALSE(channel(grace_).at("isSubscribed").as_bool());
  ASSERT_EQ(client_
                ->Call(ada_.token, "PATCH", "/api/v2/user/update-account",
                       R"({"fullname":"Countess of Lovelace"})")
                .status,
            200);
  EXPECT_EQ(channel(grace_).at("fullname").as_string(), "Countess of Lovelace");

  // Unpublished: gone from the list and from others at once; deleted: gone for its owner too.
  ASSERT_EQ(client_->Call(ada_.token, "PATCH", "/api/v2/videos/toggle/publish/" + id_, "{}").status,
            200);
  EXPECT_TRUE(FirstListed(*client_).empty());
  EXPECT_EQ(client_->Call(grace_.token, "GET", "/api/v2/videos/" + id_).status, 404);
  EXPECT_EQ(client_->Call(ada_.token, "GET", "/api/v2/videos/" + id_).status, 200);
  ASSERT_EQ(client_->Call(ada_.token, "DELETE", "/api/v2/videos/" + id_).status, 200);
  EXPECT_EQ(client_->Call(ada_.token, "GET", "/api/v2/videos/" + id_).status, 404);
}

// Two instances on one PostgreSQL and one Redis: each caches; a write on one is seen on the
// other well within the entries' lifetime (2 s), so it came by the bus, not by expiry.
TEST_P(VizTubeCacheTest, AWriteOnOneInstanceReachesTheOthersCacheOverRedis) {
  if (GetParam() != Backend::kPostgres || !RedisUrl()) {
    GTEST_SKIP() << "instances share a cache's invalidations over Redis, with PostgreSQL";
  }
  ServerProcess other(dir_.path() / "other-data", {"--database", database_, "--redis", *RedisUrl()},
                      {}, kVizTubeBinary);
  HttpClient other_client(other.port());
  EXPECT_EQ(FirstListed(other_client).at("title").as_string(), "First");
  EXPECT_EQ(FirstListed(other_client).at("title").as_string(), "First");  // cached there now

  ASSERT_EQ(
      client_->Call(ada_.token, "PATCH", "/api/v2/videos/" + id_, R"({"title":"Renamed"})").status,
      200);
  const auto written = std::chrono::steady_clock::now();
  std::string seen;
  while (std::chrono::steady_clock::now() - written < 1500ms) {
    seen = std::string(FirstListed(other_client).at("title").as_string());
    if (seen == "Renamed") break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(seen, "Renamed");
  EXPECT_LT(std::chrono::steady_clock::now() - written, 1000ms);
  EXPECT_EQ(other.Stop(), 0) << other.Log();
}

INSTANTIATE_TEST_SUITE_P(Backends, VizTubeCacheTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
