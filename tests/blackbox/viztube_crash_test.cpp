// VizTube's crash safety (issue 22), as crash_test.cpp is Vizora's: three viewers comment,
// like and unlike, watch, tweet and upload videos while the server is SIGKILLed at a random
// moment, again and again, and restarted on the same data. At the end every acknowledged
// comment, tweet and upload is there (nothing never sent is), each viewer's likes are what
// their last acknowledged toggle said and every video's likesCount agrees with them, views
// are exact (one per viewer per video: a view a kill cut before its batch was written is
// counted when the viewer comes back, none twice), every upload's conversion ends (the
// killed lives' jobs are taken back; one killed on all its 5 attempts is given up, as a
// file that kills its worker must be), and the database's own checks pass. CRASH_KILLS sets
// how many kills (default 4; make soak runs 500 per database). Both databases.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "platform/store/database.hpp"
#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"
#include "tests/support/viztube_server.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

constexpr int kViewers = 3;

// What the server said yes to, and what was sent without an answer.
struct Ledger {
  std::mutex mutex;
  std::set<std::string> comments, comments_in_doubt;
  std::set<std::string> tweets, tweets_in_doubt;
  std::map<std::string, int> uploads;  // video id → the viewer who uploaded it
  // viewer → video → liked, as the last acknowledged toggle said; absent while a toggle
  // after it went unanswered.
  std::map<int, std::map<std::string, bool>> liked;
  std::map<int, std::set<std::string>> likes_in_doubt;
};

class VizTubeCrashTest : public VizTubeServerTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override { return {"--rate-limits", "false"}; }

  void SetUp() override {
    VizTubeServerTest::SetUp();
    if (IsSkipped()) return;
    owner_ = SignUp("owner");
    for (int v = 0; v < kViewers; ++v) viewers_.push_back(SignUp("viewer" + std::to_string(v)));
    for (int i = 0; i < 3; ++i)
      videos_.push_back(UploadClip(owner_.token, "Video " + std::to_string(i)));
  }

  void Restart() {
    client_.reset();
    std::vector<std::string> args = {"--database", database_};
    for (auto& a : ExtraServerArgs()) args.push_back(a);
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data", std::move(args),
                                              std::vector<std::string>{}, kVizTubeBinary);
    client_ = std::make_unique<HttpClient>(server_->port());
  }

  // Access tokens live 15 minutes, and make soak's 500 kills outlast them: between rounds, with
  // no writer running, everyone signs in again.
  void KeepSignedIn() {
    if (std::chrono::steady_clock::now() - signed_in_at_ < 10min) return;
    owner_.token = LogIn("owner");
    for (int v = 0; v < kViewers; ++v) {
      viewers_[static_cast<std::size_t>(v)].token = LogIn("viewer" + std::to_string(v));
    }
    signed_in_at_ = std::chrono::steady_clock::now();
  }
  std::string LogIn(const std::string& name) {
    const auto r =
        client_->PostJson("/api/v2/user/login", R"({"username":")" + name + R"(","password":")" +
                                                    std::string(kPassword) + R"("})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? std::string(Data(r).at("accessToken").as_string()) : "";
  }

  static json::object Data(const HttpResponse& r) { return r.Json().at("data").as_object(); }

  // `field` of every item on every page of a list (anonymously when `token` is empty).
  std::set<std::string> ListAll(const std::string& token, const std::string& path,
                                const std::string& field = "id") {
    std::set<std::string> values;
    for (int page = 1;; ++page) {
      const std::string target = path + "?limit=100&page=" + std::to_string(page);
      const auto r = token.empty() ? client_->Get(target) : client_->Call(token, "GET", target);
      EXPECT_EQ(r.status, 200) << path << ": " << r.body;
      if (r.status != 200) return values;
      const auto data = Data(r);
      for (const auto& doc : data.at("docs").as_array()) {
        values.insert(std::string(doc.at(field).as_string()));
      }
      if (!data.at("hasNextPage").as_bool()) return values;
    }
  }

  // Everything acknowledged is in `stored`, and everything stored was sent.
  static void ExpectExactly(const std::set<std::string>& stored,
                            const std::set<std::string>& acknowledged,
                            const std::set<std::string>& sent) {
    for (const auto& text : acknowledged) EXPECT_TRUE(stored.contains(text)) << "lost: " << text;
    for (const auto& text : stored) EXPECT_TRUE(sent.contains(text)) << "never sent: " << text;
  }

  // One viewer: random writes until `stop`; a request the kill cut throws, and its write is
  // in doubt, which the ledger allows for.
  void Write(unsigned short port, int viewer, std::atomic<bool>& stop) {
    std::mt19937 random(static_cast<unsigned>(viewer * 7919 + counter_));
    std::unique_ptr<HttpClient> client;
    const std::string& token = viewers_[static_cast<std::size_t>(viewer)].token;
    const std::string& clip = Clip();  // made by SetUp's uploads: only read here
    while (!stop) {
      const int n = ++counter_;
      const std::string video = videos_[random() % videos_.size()];
      try {
        if (!client) client = std::make_unique<HttpClient>(port);
        switch (random() % 12) {
          case 0:
          case 1:
          case 2: {
            const std::string text = "comment " + std::to_string(n);
            {
              std::lock_guard lock(ledger_.mutex);
              ledger_.comments_in_doubt.insert(text);
            }
            const auto r = client->Call(token, "POST", "/api/v2/comments/" + video,
                                        json::serialize(json::object{{"content", text}}));
            if (r.status == 201) {
              std::lock_guard lock(ledger_.mutex);
              ledger_.comments.insert(text);
            }
            break;
          }
          case 3:
          case 4:
          case 5: {
            {
              std::lock_guard lock(ledger_.mutex);
              ledger_.liked[viewer].erase(video);
              ledger_.likes_in_doubt[viewer].insert(video);
            }
            const auto r = client->Call(token, "POST", "/api/v2/likes/toggle/v/" + video, "{}");
            if (r.status == 200) {
              std::lock_guard lock(ledger_.mutex);
              ledger_.liked[viewer][video] = Data(r).at("isLiked").as_bool();
              ledger_.likes_in_doubt[viewer].erase(video);
            }
            break;
          }
          case 6:
          case 7:
          case 8:
            client->Call(token, "GET", "/api/v2/videos/" + video);
            break;
          case 9:
          case 10: {
            const std::string text = "tweet " + std::to_string(n);
            {
              std::lock_guard lock(ledger_.mutex);
              ledger_.tweets_in_doubt.insert(text);
            }
            const auto r = client->Call(token, "POST", "/api/v2/tweets",
                                        json::serialize(json::object{{"content", text}}));
            if (r.status == 201) {
              std::lock_guard lock(ledger_.mutex);
              ledger_.tweets.insert(text);
            }
            break;
          }
          case 11: {
            HttpClient uploader(port);
            const auto r = uploader.Send(
                {"POST",
                 "/api/v2/videos",
                 Multipart({{"title", "upload " + std::to_string(n)},
                            {"videoFile", clip, "clip.mp4", "video/mp4"}}),
                 {{"Authorization", "Bearer " + token},
                  {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
            if (r.status == 201) {
              std::lock_guard lock(ledger_.mutex);
              ledger_.uploads[std::string(r.Json().at("data").at("id").as_string())] = viewer;
            }
            break;
          }
        }
      } catch (const std::exception&) {
        client.reset();  // the server went away mid-request
        std::this_thread::sleep_for(20ms);
      }
    }
  }

  SignedUp owner_;
  std::vector<SignedUp> viewers_;
  std::chrono::steady_clock::time_point signed_in_at_ = std::chrono::steady_clock::now();
  std::vector<std::string> videos_;
  Ledger ledger_;
  std::atomic<int> counter_{0};
};

TEST_P(VizTubeCrashTest, KilledAtRandomMomentsItLosesNothingItAcknowledged) {
  const int kills = CrashKills();
  std::mt19937 random(std::random_device{}());
  for (int kill = 1; kill <= kills; ++kill) {
    KillWhileWriting(
        *server_, kViewers,
        [this, port = server_->port()](int v, std::atomic<bool>& stop) { Write(port, v, stop); },
        random);
    ASSERT_NO_THROW(Restart()) << "kill " << kill;
    KeepSignedIn();
  }

  // Comments and tweets: each acknowledged one is there, and nothing that was never sent.
  std::set<std::string> comments, tweets;
  for (const auto& video : videos_)
    comments.merge(ListAll("", "/api/v2/comments/" + video, "content"));
  for (const auto& viewer : viewers_) {
    tweets.merge(ListAll("", "/api/v2/tweets/user/" + viewer.id, "content"));
  }
  ExpectExactly(comments, ledger_.comments, ledger_.comments_in_doubt);
  ExpectExactly(tweets, ledger_.tweets, ledger_.tweets_in_doubt);

  // Likes: what each viewer's last acknowledged toggle said, and every count agrees.
  std::map<std::string, std::int64_t> likers;
  for (int v = 0; v < kViewers; ++v) {
    const auto liked = ListAll(viewers_[static_cast<std::size_t>(v)].token, "/api/v2/likes/videos");
    for (const auto& [video, state] : ledger_.liked[v]) {
      EXPECT_EQ(liked.contains(video), state) << "viewer " << v << ", video " << video;
    }
    for (const auto& video : liked) ++likers[video];
  }
  for (const auto& video : videos_) {
    const auto r = client_->Call(owner_.token, "GET", "/api/v2/videos/" + video);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Data(r).at("likesCount").as_int64(), likers[video]) << video;
  }

  // Views: every viewer watches every video once more; each video then shows exactly one
  // view per viewer, whatever the kills did to the batches before.
  for (const auto& viewer : viewers_) {
    for (const auto& video : videos_) {
      ASSERT_EQ(client_->Call(viewer.token, "GET", "/api/v2/videos/" + video).status, 200);
    }
  }
  for (const auto& video : videos_) {
    std::int64_t views = -1;
    for (int i = 0; i < 100 && views != kViewers; ++i) {
      if (i > 0) std::this_thread::sleep_for(100ms);
      views = Data(client_->Call(owner_.token, "GET", "/api/v2/videos/" + video))
                  .at("views")
                  .as_int64();
    }
    EXPECT_EQ(views, kViewers) << "video " << video;
  }

  // Uploads: each acknowledged one is there and its conversion finishes.
  std::size_t gave_up = 0;
  for (const auto& [id, uploader] : ledger_.uploads) {
    const std::string& token = viewers_[static_cast<std::size_t>(uploader)].token;
    const auto deadline = std::chrono::steady_clock::now() + 180s;
    std::string state;
    json::object processing;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto r = client_->Call(token, "GET", "/api/v2/videos/" + id + "/processing");
      ASSERT_EQ(r.status, 200) << "acknowledged upload " << id << " lost: " << r.body;
      processing = Data(r).at("processing").as_object();
      state = std::string(processing.at("state").as_string());
      if (state == "ready" || state == "failed") break;
      std::this_thread::sleep_for(200ms);
    }
    if (state == "failed") {
      // A conversion whose worker died on each of its attempts is given up, as one whose file
      // kills it every time must be: here the kills did it, which the job cannot tell apart.
      EXPECT_NE(processing.at("error").as_string().find("failed 5 times"), std::string::npos)
          << id << ": " << json::serialize(processing);
      ++gave_up;
    } else {
      EXPECT_EQ(state, "ready") << id << ": " << json::serialize(processing);
    }
  }
  std::printf(
      "%d kills: %zu comments, %zu tweets, %zu uploads (%zu given up after 5 killed attempts) and "
      "%zu like states acknowledged\n",
      kills, ledger_.comments.size(), ledger_.tweets.size(), ledger_.uploads.size(), gave_up,
      ledger_.liked[0].size() + ledger_.liked[1].size() + ledger_.liked[2].size());

  // Stopped cleanly, the last life leaves nothing running either.
  client_.reset();
  EXPECT_EQ(server_->Stop(), 0) << server_->Log();
  server_.reset();
  auto db = platform::store::Database::Open(database_, {.pool_size = 1});
  db->ReadBlocking([&](platform::store::Connection& c) {
    if (GetParam() == Backend::kSqlite) {
      EXPECT_EQ(c.Query("PRAGMA integrity_check")[0].Text(0), "ok");
      EXPECT_TRUE(c.Query("PRAGMA foreign_key_check").empty());
    }
    for (const auto& row : c.Query("SELECT queue FROM jobs WHERE state = 'running'")) {
      ADD_FAILURE() << "a " << row.Text(0) << " job is still marked running";
    }
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, VizTubeCrashTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
