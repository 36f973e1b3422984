// VizTube's social modules over real HTTP on SQLite and PostgreSQL: subscriptions and the
// channel page, comments, tweets, likes (exact under 100 concurrent toggles), playlists and
// the dashboard; every write refused to anyone but its owner (403) and for missing ids (404).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "platform/core/clock.hpp"
#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"
#include "tests/support/viztube_server.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

constexpr std::string_view kMissing = "0190a8e2-0000-7000-8000-000000000000";

using User = VizTubeServerTest::SignedUp;

class VizTubeSocialTest : public VizTubeServerTest {
 protected:
  // A hundred sign-ups from one address: the per-address limits are off for these tests.
  std::vector<std::string> ExtraServerArgs() const override { return {"--rate-limits", "false"}; }
  void SetUp() override {
    VizTubeServerTest::SetUp();
    if (IsSkipped()) return;
    ada_ = SignUp("ada");
    grace_ = SignUp("grace");
  }
  std::string Video(const User& owner, const std::string& title) {
    return UploadClip(owner.token, title);
  }
  HttpResponse Call(const User& who, const std::string& method, const std::string& target,
                    const std::string& body = "{}") {
    return client_->Call(who.token, method, target, body);
  }
  static json::value Data(const HttpResponse& r) { return r.Json().at("data"); }

  User ada_, grace_;
};

TEST_P(VizTubeSocialTest, SubscriptionsAndTheChannelPage) {
  const std::string sub = "/api/v2/subscriptions/c/";
  EXPECT_EQ(Call(ada_, "POST", sub + ada_.id).status, 400) << "not to yourself";
  EXPECT_EQ(Call(ada_, "POST", sub + std::string(kMissing)).status, 404);
  EXPECT_EQ(Call(ada_, "POST", sub + "nope").status, 404);
  const auto on = Call(grace_, "POST", sub + ada_.id);
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(Data(on).at("isSubscribed").as_bool());
  const auto channel = Call(grace_, "GET", "/api/v2/user/c/ADA");
  ASSERT_EQ(channel.status, 200) << channel.body;
  EXPECT_EQ(Data(channel).at("subscriberCount").as_int64(), 1);
  EXPECT_TRUE(Data(channel).at("isSubscribed").as_bool());
  EXPECT_FALSE(Data(channel).as_object().contains("email")) << "another's address stays theirs";
  EXPECT_FALSE(Data(client_->Get("/api/v2/user/c/ada")).at("isSubscribed").as_bool());
  EXPECT_EQ(Data(Call(ada_, "GET", "/api/v2/user/c/ada")).at("email").as_string(),
            "ada@example.com");
  EXPECT_EQ(client_->Get("/api/v2/user/c/nobody").status, 404);
  const auto subscribers = Data(client_->Get(sub + ada_.id));
  EXPECT_EQ(subscribers.at("totalDocs").as_int64(), 1);
  EXPECT_EQ(subscribers.at("docs").as_array()[0].at("subscriber").at("username").as_string(),
            "grace");
  const auto followed = Data(client_->Get("/api/v2/subscriptions/u/" + grace_.id));
  EXPECT_EQ(followed.at("docs").as_array()[0].at("channel").at("username").as_string(), "ada");
  EXPECT_FALSE(Data(Call(grace_, "POST", sub + ada_.id)).at("isSubscribed").as_bool());
  EXPECT_EQ(Data(client_->Get("/api/v2/user/c/ada")).at("subscriberCount").as_int64(), 0);
  EXPECT_EQ(Data(client_->Get(sub + ada_.id)).at("totalDocs").as_int64(), 0);
}

TEST_P(VizTubeSocialTest, CommentsAndTweetsBelongToTheirAuthors) {
  const std::string video = Video(ada_, "Talk");
  const auto made = Call(grace_, "POST", "/api/v2/comments/" + video, R"({"content":"Lovely"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string comment(Data(made).at("id").as_string());
  EXPECT_EQ(Data(made).at("owner").at("username").as_string(), "grace");
  EXPECT_EQ(Call(grace_, "POST", "/api/v2/comments/" + video, R"({"content":""})").status, 400);
  EXPECT_EQ(Call(grace_, "POST", "/api/v2/comments/" + video,
                 R"({"content":")" + std::string(2001, 'x') + R"("})")
                .status,
            400);
  EXPECT_EQ(Call(grace_, "POST", "/api/v2/comments/" + std::string(kMissing), R"({"content":"x"})")
                .status,
            404);
  const auto list = Data(client_->Get("/api/v2/comments/" + video));
  EXPECT_EQ(list.at("totalDocs").as_int64(), 1);
  EXPECT_EQ(list.at("docs").as_array()[0].at("likesCount").as_int64(), 0);
  EXPECT_EQ(
      Call(ada_, "PATCH", "/api/v2/comments/c/" + comment, R"({"content":"Mine now"})").status,
      403);
  EXPECT_EQ(
      Call(grace_, "PATCH", "/api/v2/comments/c/" + comment, R"({"content":"Edited"})").status,
      200);
  // The video's owner may delete comments on it.
  EXPECT_EQ(Call(ada_, "DELETE", "/api/v2/comments/c/" + comment).status, 200);
  EXPECT_EQ(Call(ada_, "DELETE", "/api/v2/comments/c/" + comment).status, 404);
  EXPECT_EQ(Data(client_->Get("/api/v2/comments/" + video)).at("totalDocs").as_int64(), 0)
      << "totals are kept, not counted: a delete takes its comment out of them";

  EXPECT_EQ(Call(ada_, "POST", "/api/v2/tweets", R"({"content":"a\u0000b"})").status, 400)
      << "no NUL characters";
  const auto tweet = Call(ada_, "POST", "/api/v2/tweets", R"({"content":"Hello, world"})");
  ASSERT_EQ(tweet.status, 201) << tweet.body;
  const std::string tweet_id(Data(tweet).at("id").as_string());
  EXPECT_EQ(Data(client_->Get("/api/v2/tweets/user/" + ada_.id)).at("totalDocs").as_int64(), 1);
  EXPECT_EQ(client_->Get("/api/v2/tweets/user/" + std::string(kMissing)).status, 404);
  EXPECT_EQ(Call(grace_, "PATCH", "/api/v2/tweets/" + tweet_id, R"({"content":"x"})").status, 403);
  EXPECT_EQ(Call(grace_, "DELETE", "/api/v2/tweets/" + tweet_id).status, 403);
  EXPECT_EQ(Call(ada_, "PATCH", "/api/v2/tweets/" + tweet_id, R"({"content":"Hi"})").status, 200);
  EXPECT_EQ(Call(ada_, "DELETE", "/api/v2/tweets/" + tweet_id).status, 200);
  EXPECT_EQ(Call(ada_, "DELETE", "/api/v2/tweets/" + tweet_id).status, 404);
  EXPECT_EQ(Data(client_->Get("/api/v2/tweets/user/" + ada_.id)).at("totalDocs").as_int64(), 0);
}

TEST_P(VizTubeSocialTest, LikesAreOnePerUserAndExactUnderConcurrency) {
  const std::string video = Video(ada_, "Likeable");
  const auto like = Call(grace_, "POST", "/api/v2/likes/toggle/v/" + video);
  ASSERT_EQ(like.status, 200) << like.body;
  EXPECT_TRUE(Data(like).at("isLiked").as_bool());
  const auto seen = Data(Call(grace_, "GET", "/api/v2/videos/" + video));
  EXPECT_EQ(seen.at("likesCount").as_int64(), 1);
  EXPECT_TRUE(seen.at("isLiked").as_bool());
  EXPECT_EQ(Data(Call(grace_, "GET", "/api/v2/likes/videos")).at("totalDocs").as_int64(), 1);
  EXPECT_FALSE(
      Data(Call(grace_, "POST", "/api/v2/likes/toggle/v/" + video)).at("isLiked").as_bool());
  EXPECT_EQ(Call(grace_, "POST", "/api/v2/likes/toggle/v/" + std::string(kMissing)).status, 404);
  EXPECT_EQ(Call(grace_, "POST", "/api/v2/likes/toggle/t/" + std::string(kMissing)).status, 404);

  // 100 users like at once, then all unlike at once: the counter follows exactly. Accounts
  // are made four at a time (each costs an argon2id hash).
  std::vector<User> fans(100);
  std::vector<std::thread> threads;
  // A client thread's failure (a reset connection, say) becomes a test failure naming what it
  // was doing, instead of ending the whole binary.
  std::mutex errors_mutex;
  std::vector<std::string> errors;
  const auto guarded = [&](const std::string& what, const auto& work) {
    try {
      work();
    } catch (const std::exception& e) {
      std::lock_guard lock(errors_mutex);
      errors.push_back(what + ": " + e.what());
    }
  };
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&, w] {
      guarded("sign-ups of worker " + std::to_string(w), [&] {
        HttpClient client(server_->port());
        for (int i = w; i < 100; i += 4) fans[i] = SignUp(client, "fan" + std::to_string(i));
      });
    });
  }
  for (auto& t : threads) t.join();
  threads.clear();
  ASSERT_TRUE(errors.empty()) << errors.front() << " (and " << errors.size() - 1 << " more)";
  // The sign-ups may outlast the server's keep-alive idle timeout: a fresh connection.
  client_ = std::make_unique<HttpClient>(server_->port());
  const auto toggle_all = [&] {
    std::atomic<int> ok = 0;
    for (const auto& fan : fans) {
      threads.emplace_back([&, fan] {
        guarded("a toggle", [&] {
          HttpClient client(server_->port());
          ok +=
              client.Call(fan.token, "POST", "/api/v2/likes/toggle/v/" + video, "{}").status == 200;
        });
      });
    }
    for (auto& t : threads) t.join();
    threads.clear();
    EXPECT_TRUE(errors.empty()) << errors.front() << " (and " << errors.size() - 1 << " more)";
    return ok.load();
  };
  EXPECT_EQ(toggle_all(), 100);
  EXPECT_EQ(Data(Call(ada_, "GET", "/api/v2/videos/" + video)).at("likesCount").as_int64(), 100);
  EXPECT_EQ(toggle_all(), 100);
  EXPECT_EQ(Data(Call(ada_, "GET", "/api/v2/videos/" + video)).at("likesCount").as_int64(), 0);
  EXPECT_EQ(toggle_all(), 100);
  const auto counted = Data(Call(ada_, "GET", "/api/v2/videos/" + video));
  EXPECT_EQ(counted.at("likesCount").as_int64(), 100);
  EXPECT_EQ(Data(Call(ada_, "GET", "/api/v2/dashboard/stats")).at("totalLikes").as_int64(), 100);

  const auto comment = Call(grace_, "POST", "/api/v2/comments/" + video, R"({"content":"+1"})");
  const std::string comment_id(Data(comment).at("id").as_string());
  EXPECT_TRUE(
      Data(Call(ada_, "POST", "/api/v2/likes/toggle/c/" + comment_id)).at("isLiked").as_bool());
  EXPECT_EQ(Data(client_->Get("/api/v2/comments/" + video))
                .at("docs")
                .as_array()[0]
                .at("likesCount")
                .as_int64(),
            1);
  const auto tweet = Call(ada_, "POST", "/api/v2/tweets", R"({"content":"Like me"})");
  const std::string tweet_id(Data(tweet).at("id").as_string());
  EXPECT_TRUE(
      Data(Call(grace_, "POST", "/api/v2/likes/toggle/t/" + tweet_id)).at("isLiked").as_bool());
  EXPECT_EQ(Data(client_->Get("/api/v2/tweets/user/" + ada_.id))
                .at("docs")
                .as_array()[0]
                .at("likesCount")
                .as_int64(),
            1);
}

TEST_P(VizTubeSocialTest, PlaylistsKeepOrderAndRefuseStrangersAndRepeats) {
  const std::string first = Video(ada_, "One");
  const std::string second = Video(ada_, "Two");
  const auto made =
      Call(ada_, "POST", "/api/v2/playlist", R"({"name":"Best of","description":"d"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id(Data(made).at("id").as_string());
  const std::string path = "/api/v2/playlist/" + id;
  EXPECT_EQ(Call(ada_, "POST", "/api/v2/playlist", R"({"description":"no name"})").status, 400);
  EXPECT_EQ(Call(ada_, "POST", path + "/" + second).status, 200);
  EXPECT_EQ(Call(ada_, "POST", path + "/" + first).status, 200);
  EXPECT_EQ(Call(ada_, "POST", path + "/" + first).status, 409) << "adding twice";
  EXPECT_EQ(Call(grace_, "POST", path + "/" + first).status, 403);
  EXPECT_EQ(Call(grace_, "PATCH", path, R"({"name":"Mine"})").status, 403);
  EXPECT_EQ(Call(grace_, "DELETE", path).status, 403);
  EXPECT_EQ(Call(ada_, "POST", path + "/" + std::string(kMissing)).status, 404);
  EXPECT_EQ(Call(ada_, "POST", "/api/v2/playlist/" + std::string(kMissing) + "/" + first).status,
            404);
  const auto read = Data(client_->Get(path));
  const auto& list = read.at("videos").as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].at("id").as_string(), second) << "in the order added";
  EXPECT_EQ(read.at("videoCount").as_int64(), 2);
  EXPECT_EQ(Data(client_->Get("/api/v2/playlist/user/" + ada_.id)).at("totalDocs").as_int64(), 1);
  EXPECT_EQ(Data(Call(ada_, "PATCH", path, R"({"name":"Renamed"})")).at("name").as_string(),
            "Renamed");
  EXPECT_EQ(Call(ada_, "DELETE", path + "/" + second).status, 200);
  EXPECT_EQ(Call(ada_, "DELETE", path + "/" + second).status, 404);
  // A deleted video leaves the playlists it was in.
  ASSERT_EQ(Call(ada_, "DELETE", "/api/v2/videos/" + first).status, 200);
  EXPECT_TRUE(Data(client_->Get(path)).at("videos").as_array().empty());
  EXPECT_EQ(Call(ada_, "DELETE", path).status, 200);
  EXPECT_EQ(client_->Get(path).status, 404);
  EXPECT_EQ(Data(client_->Get("/api/v2/playlist/user/" + ada_.id)).at("totalDocs").as_int64(), 0);
}

TEST_P(VizTubeSocialTest, TheDashboardSumsTheChannel) {
  const std::string video = Video(ada_, "Stats");
  Call(grace_, "POST", "/api/v2/subscriptions/c/" + ada_.id);
  Call(grace_, "POST", "/api/v2/likes/toggle/v/" + video);
  Call(grace_, "GET", "/api/v2/videos/" + video);
  Call(ada_, "PATCH", "/api/v2/videos/toggle/publish/" + Video(ada_, "Hidden"));
  std::int64_t views = 0;
  for (int i = 0; i < 60 && views < 1; ++i) {
    std::this_thread::sleep_for(50ms);
    views = Data(Call(ada_, "GET", "/api/v2/dashboard/stats")).at("totalViews").as_int64();
  }
  const auto stats = Data(Call(ada_, "GET", "/api/v2/dashboard/stats"));
  EXPECT_EQ(stats.at("totalViews").as_int64(), 1);
  EXPECT_EQ(stats.at("totalSubscribers").as_int64(), 1);
  EXPECT_EQ(stats.at("totalVideos").as_int64(), 2);
  EXPECT_EQ(stats.at("totalLikes").as_int64(), 1);
  const auto mine = Data(Call(ada_, "GET", "/api/v2/dashboard/videos"));
  EXPECT_EQ(mine.at("totalDocs").as_int64(), 2) << "hidden ones too";
  EXPECT_EQ(client_->Get("/api/v2/dashboard/stats").status, 401);

  // The chart: 28 UTC days by default, oldest first, today's view, like and subscriber last.
  const auto& daily = stats.at("daily").as_array();
  ASSERT_EQ(daily.size(), 28u);
  const std::string today = platform::FormatIso8601(platform::NowMillis()).substr(0, 10);
  EXPECT_EQ(daily.back().at("date").as_string(), today);
  EXPECT_LT(daily.front().at("date").as_string(), daily.back().at("date").as_string());
  EXPECT_EQ(daily.back().at("views").as_int64(), 1);
  EXPECT_EQ(daily.back().at("likes").as_int64(), 1);
  EXPECT_EQ(daily.back().at("subscribers").as_int64(), 1);
  for (std::size_t i = 0; i + 1 < daily.size(); ++i) {
    EXPECT_EQ(daily[i].at("views").as_int64() + daily[i].at("likes").as_int64() +
                  daily[i].at("subscribers").as_int64(),
              0);
  }
  // Grace's own channel had none of it.
  const auto hers = Data(Call(grace_, "GET", "/api/v2/dashboard/stats?days=7")).at("daily");
  ASSERT_EQ(hers.as_array().size(), 7u);
  EXPECT_EQ(hers.as_array().back().at("views").as_int64(), 0);
  for (const char* bad : {"days=0", "days=366", "days=x"}) {
    const auto r = Call(ada_, "GET", std::string("/api/v2/dashboard/stats?") + bad);
    EXPECT_EQ(r.status, 400) << bad;
  }
}

// Every signed-in write, walked from /api/v2/openapi.json so that a new route cannot be
// forgotten: another user gets 403 on what is ada's (or it is on the short list of writes
// open to anyone signed in), and a missing id is 404.
TEST_P(VizTubeSocialTest, EveryWriteIsOwnersOnlyAndEveryMissingIdIsNotFound) {
  const std::string video = Video(ada_, "Owned");
  const std::string comment(
      Data(Call(ada_, "POST", "/api/v2/comments/" + video, R"({"content":"mine"})"))
          .at("id")
          .as_string());
  const std::string tweet(
      Data(Call(ada_, "POST", "/api/v2/tweets", R"({"content":"mine"})")).at("id").as_string());
  const std::string playlist(
      Data(Call(ada_, "POST", "/api/v2/playlist", R"({"name":"mine"})")).at("id").as_string());
  const std::map<std::string, std::string> ada_ids = {
      {"videoId", video},       {"commentId", comment}, {"tweetId", tweet},
      {"playlistId", playlist}, {"channelId", ada_.id}, {"language", "en"}};
  // Writes anyone signed in may make on another's things, and writes on one's own account.
  const std::set<std::string> open_to_all = {
      "POST /api/v2/subscriptions/c/{channelId}", "POST /api/v2/likes/toggle/v/{videoId}",
      "POST /api/v2/likes/toggle/c/{commentId}", "POST /api/v2/likes/toggle/t/{tweetId}",
      "POST /api/v2/comments/{videoId}"};
  const auto document = client_->Get("/api/v2/openapi.json").Json();
  int walked = 0;
  for (const auto& [path, operations] : document.at("paths").as_object()) {
    for (const auto& [method, operation] : operations.as_object()) {
      const auto* access = operation.as_object().if_contains("x-access");
      if (method == "get" || !access || access->as_string() != "user") continue;
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string route = upper + " " + std::string(path);
      if (path.find('{') == std::string_view::npos) continue;  // the caller's own things
      // tus speaks its own protocol (Tus-Resumable on every request) and answers a stranger
      // 404 rather than 403, so that upload ids cannot be probed: viztube_uploads_test.
      if (path.starts_with("/api/v2/uploads/")) continue;
      std::string target(path), missing(path);
      bool known = true;
      for (const auto& [name, id] : ada_ids) {
        const std::string param = "{" + name + "}";
        for (auto at = target.find(param); at != std::string::npos; at = target.find(param)) {
          target.replace(at, param.size(), id);
          missing.replace(missing.find(param), param.size(), std::string(kMissing));
        }
      }
      known = target.find('{') == std::string::npos;
      ASSERT_TRUE(known) << route << ": a path parameter this test does not know";
      ++walked;
      const std::string body = path.find("comments") != std::string_view::npos ||
                                       path.find("tweets") != std::string_view::npos
                                   ? R"({"content":"x"})"
                                   : R"({"name":"x","title":"x"})";
      // A connection each: a refused upload route answers without reading the body, and closes.
      const auto missing_answer =
          HttpClient(server_->port()).Call(grace_.token, upper, missing, body);
      EXPECT_EQ(missing_answer.status, 404) << route << " " << missing_answer.body;
      if (open_to_all.contains(route)) continue;
      const auto foreign = HttpClient(server_->port()).Call(grace_.token, upper, target, body);
      EXPECT_EQ(foreign.status, 403) << route << " " << foreign.body;
    }
  }
  EXPECT_GE(walked, 12) << "the walk found the routes";
}

INSTANTIATE_TEST_SUITE_P(Backends, VizTubeSocialTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
