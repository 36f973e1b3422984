// VizTube's rate limits over real HTTP (viztube/api/rate_limits.hpp): uploads, comments,
// tweets and likes per user, each as configured with --rate-limit; 429 RATE_LIMITED with
// Retry-After beyond them; one user's budget is not another's; with Redis, every instance
// spends the same budget.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"
#include "tests/support/viztube_server.hpp"

namespace {

using namespace testing_support;

class VizTubeLimitsTest : public VizTubeServerTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    std::vector<std::string> args = LimitArgs();
    if (GetParam() == Backend::kPostgres && RedisUrl()) {
      args.insert(args.end(), {"--redis", *RedisUrl()});
    }
    return args;
  }
  static std::vector<std::string> LimitArgs() {
    return {"--rate-limit", "comment=3/min", "--rate-limit", "tweet=2/min",
            "--rate-limit", "like=4/h",      "--rate-limit", "upload=2/h"};
  }
  void SetUp() override {
    VizTubeServerTest::SetUp();
    if (IsSkipped()) return;
    MakeVideo(dir_.path() / "clip.mp4", 1.0, 160, 120);
    ada_ = SignUp("ada");
    grace_ = SignUp("grace");
    video_ = Upload(ada_, "First");
  }
  std::string Upload(const SignedUp& who, const std::string& title) {
    const auto r = UploadVideo(who.token, dir_.path() / "clip.mp4", title);
    if (r.status != 201) return "status " + std::to_string(r.status);
    return std::string(r.Json().at("data").at("id").as_string());
  }
  static HttpResponse Comment(HttpClient& client, const SignedUp& who, const std::string& video) {
    return client.Call(who.token, "POST", "/api/v2/comments/" + video, R"({"content":"hi"})");
  }
  // 429 RATE_LIMITED, and when to come back (in whole seconds, rounded up from the
  // limiter's milliseconds: a second either way).
  static void ExpectRefused(const HttpResponse& r, int retry_after) {
    EXPECT_EQ(r.status, 429) << r.body;
    if (r.status == 429) {
      const int said = std::stoi(r.Header("retry-after"));
      EXPECT_LE(std::abs(said - retry_after), 1) << said;
      EXPECT_EQ(r.Json().at("code").as_string(), "RATE_LIMITED");
      EXPECT_EQ(r.Json().at("success").as_bool(), false);
    }
  }

  SignedUp ada_, grace_;
  std::string video_;
};

TEST_P(VizTubeLimitsTest, EachUserHasABudgetPerKindOfWrite) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Comment(*client_, ada_, video_).status, 201) << i;
  ExpectRefused(Comment(*client_, ada_, video_), 20);  // 3 a minute: one more in 20 s
  EXPECT_EQ(Comment(*client_, grace_, video_).status, 201) << "grace has her own budget";
  EXPECT_EQ(client_->Call("", "POST", "/api/v2/comments/" + video_, R"({"content":"x"})").status,
            401)
      << "strangers are refused before they are counted";

  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(client_->Call(ada_.token, "POST", "/api/v2/tweets", R"({"content":"t"})").status,
              201);
  }
  ExpectRefused(client_->Call(ada_.token, "POST", "/api/v2/tweets", R"({"content":"t"})"), 30);

  // Liking a video, a comment and a tweet spend one budget.
  const std::string tweet(
      client_->Call(grace_.token, "POST", "/api/v2/tweets", R"({"content":"like me"})")
          .Json()
          .at("data")
          .at("id")
          .as_string());
  const std::string comment(
      Comment(*client_, grace_, video_).Json().at("data").at("id").as_string());
  EXPECT_EQ(client_->Call(ada_.token, "POST", "/api/v2/likes/toggle/v/" + video_).status, 200);
  EXPECT_EQ(client_->Call(ada_.token, "POST", "/api/v2/likes/toggle/v/" + video_).status, 200);
  EXPECT_EQ(client_->Call(ada_.token, "POST", "/api/v2/likes/toggle/c/" + comment).status, 200);
  EXPECT_EQ(client_->Call(ada_.token, "POST", "/api/v2/likes/toggle/t/" + tweet).status, 200);
  ExpectRefused(client_->Call(ada_.token, "POST", "/api/v2/likes/toggle/v/" + video_), 900);
  EXPECT_EQ(client_->Call(grace_.token, "POST", "/api/v2/likes/toggle/v/" + video_).status, 200);
  // Nothing a refused request asked for happened.
  const auto seen = client_->Call(ada_.token, "GET", "/api/v2/videos/" + video_).Json().at("data");
  EXPECT_EQ(seen.at("likesCount").as_int64(), 1) << "grace's like only";
  EXPECT_EQ(client_->Get("/api/v2/comments/" + video_).Json().at("data").at("totalDocs").as_int64(),
            5);
}

TEST_P(VizTubeLimitsTest, UploadsAreCountedWhetherWholeOrResumable) {
  // ada made one video in SetUp: one more, then the third is refused unread.
  EXPECT_NE(Upload(ada_, "Second").rfind("status", 0), 0u);
  EXPECT_EQ(Upload(ada_, "Third"), "status 429");
  EXPECT_NE(Upload(grace_, "Hers").rfind("status", 0), 0u);
  const auto begin = [&](const SignedUp& who) {
    HttpClient client(server_->port());
    return client.Send({"POST",
                        "/api/v2/uploads",
                        "",
                        {{"Authorization", "Bearer " + who.token},
                         {"Tus-Resumable", "1.0.0"},
                         {"Upload-Length", "1000"}}});
  };
  EXPECT_EQ(begin(ada_).status, 201);
  EXPECT_EQ(begin(ada_).status, 201);
  ExpectRefused(begin(ada_), 1800);
  EXPECT_EQ(begin(grace_).status, 201);
  EXPECT_EQ(client_->Get("/api/v2/healthcheck").status, 200);
}

// Two instances on one PostgreSQL and one Redis spend one budget per user.
TEST_P(VizTubeLimitsTest, InstancesSharingRedisShareEachUsersBudget) {
  if (GetParam() != Backend::kPostgres || !RedisUrl()) {
    GTEST_SKIP() << "instances share budgets over Redis, with PostgreSQL";
  }
  std::vector<std::string> args = LimitArgs();
  args.insert(args.end(), {"--database", database_, "--redis", *RedisUrl()});
  // The same signing key, so that a session is good on both (as behind a load balancer).
  const auto other_data = dir_.path() / "other-data";
  std::filesystem::create_directories(other_data / "secrets");
  std::filesystem::copy_file(dir_.path() / "data" / "secrets" / "jwt-signing-key",
                             other_data / "secrets" / "jwt-signing-key");
  ServerProcess other(other_data, args, {}, kVizTubeBinary);
  HttpClient other_client(other.port());
  EXPECT_EQ(Comment(*client_, ada_, video_).status, 201);
  EXPECT_EQ(Comment(other_client, ada_, video_).status, 201);
  EXPECT_EQ(Comment(*client_, ada_, video_).status, 201);
  ExpectRefused(Comment(other_client, ada_, video_), 20);
  EXPECT_EQ(other.Stop(), 0) << other.Log();
}

INSTANTIATE_TEST_SUITE_P(Backends, VizTubeLimitsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
