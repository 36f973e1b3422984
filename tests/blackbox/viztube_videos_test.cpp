// VizTube's videos over real HTTP on SQLite and PostgreSQL (VIZTUBE-API.md "Videos",
// "Views"): uploads checked by their bytes and probed, thumbnails, signed media with Range,
// ownership, hidden videos, full-text search with fixed sort keys and exact totals, views
// counted once per viewer under concurrency, watch history, and deletion of everything.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"
#include "tests/support/viztube_server.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

class VizTubeVideosTest : public VizTubeServerTest {
 protected:
  // No worker: videos stay as uploaded (the ladder is viztube_transcoding_test's), so the
  // stream route serves the file itself.
  std::vector<std::string> ExtraServerArgs() const override { return {"--roles", "api"}; }
  void SetUp() override {
    VizTubeServerTest::SetUp();
    if (IsSkipped()) return;
    MakeVideo(dir_.path() / "clip.mp4", 2.0, 320, 240);
    clip_ = ReadFile(dir_.path() / "clip.mp4");
    ada_ = SignUp("ada").token;
    grace_ = SignUp("grace").token;
  }
  HttpResponse Upload(const std::string& token, const std::string& title,
                      const std::string& description = "") {
    return SendForm("POST", "/api/v2/videos", token,
                    {{"title", title},
                     {"description", description},
                     {"videoFile", clip_, "clip.mp4", "video/mp4"}});
  }
  std::string UploadId(const std::string& token, const std::string& title,
                       const std::string& description = "") {
    const auto r = Upload(token, title, description);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.Json().at("data").at("id").as_string());
  }
  static json::object Data(const HttpResponse& r) { return r.Json().at("data").as_object(); }
  std::size_t VideoObjects() const {
    return FilesUnder(dir_.path() / "data" / "blobs" / "objects" / "videos");
  }
  std::int64_t ViewsOf(const std::string& id) {
    return Data(client_->Call(ada_, "GET", "/api/v2/videos/" + id)).at("views").as_int64();
  }

  std::string clip_, ada_, grace_;
};

TEST_P(VizTubeVideosTest, UploadProbesMakesAThumbnailAndServesSignedMedia) {
  const auto r = Upload(ada_, "First light", "A test pattern");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto v = Data(r);
  EXPECT_NEAR(v.at("duration").as_double(), 2.0, 0.2);
  EXPECT_EQ(v.at("status").as_string(), "processing");
  EXPECT_EQ(v.at("processing").at("state").as_string(), "queued");
  EXPECT_TRUE(v.at("isPublished").as_bool());
  EXPECT_EQ(v.at("views").as_int64(), 0);
  EXPECT_EQ(v.at("owner").at("username").as_string(), "ada");
  EXPECT_FALSE(v.at("owner").as_object().contains("email"));
  const std::string thumb(v.at("thumbnailUrl").as_string());
  const std::string file(v.at("videoFileUrl").as_string());
  EXPECT_NE(file.find("sig="), std::string::npos);
  const auto t = client_->Get(thumb);
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t.Header("content-type"), "image/jpeg");
  const auto whole = client_->Get(file);
  ASSERT_EQ(whole.status, 200);
  EXPECT_EQ(whole.body, clip_);
  const auto part = client_->Send({"GET", file, {}, {{"Range", "bytes=100-199"}}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, clip_.substr(100, 100));
  // The link is the key: without its signature, or altered, nothing is served.
  EXPECT_EQ(client_->Get(file.substr(0, file.find('?'))).status, 404);
  std::string forged = file;
  forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(client_->Get(forged).status, 404);
  const auto stream =
      client_->Send({"GET",
                     "/api/v2/videos/" + std::string(v.at("id").as_string()) + "/stream",
                     {},
                     {{"Range", "bytes=0-9"}}});
  EXPECT_EQ(stream.status, 206);
  EXPECT_EQ(stream.Header("content-type"), "video/mp4");
  EXPECT_EQ(stream.body, clip_.substr(0, 10));
}

TEST_P(VizTubeVideosTest, WhatIsNotAVideoIsRefusedAndLeftNowhere) {
  const auto text =
      SendForm("POST", "/api/v2/videos", ada_,
               {{"title", "x"}, {"videoFile", "just some text", "x.mp4", "video/mp4"}});
  EXPECT_EQ(text.status, 415) << text.body;
  std::string broken = clip_.substr(0, 2000);  // an MP4's head, then nothing
  const auto cut = SendForm("POST", "/api/v2/videos", ada_,
                            {{"title", "x"}, {"videoFile", broken, "x.mp4", "video/mp4"}});
  EXPECT_EQ(cut.status, 422) << cut.body;
  const auto untitled =
      SendForm("POST", "/api/v2/videos", ada_, {{"videoFile", clip_, "x.mp4", "video/mp4"}});
  EXPECT_EQ(untitled.status, 400);
  const auto long_title = Upload(ada_, std::string(201, 't'));
  EXPECT_EQ(long_title.status, 400);
  const auto no_file = SendForm("POST", "/api/v2/videos", ada_, {{"title", "x"}});
  EXPECT_EQ(no_file.status, 400);
  EXPECT_EQ(Upload("", "anonymous").status, 401);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(VideoObjects(), 0u) << "no orphan files";
  EXPECT_EQ(Data(client_->Get("/api/v2/videos")).at("totalDocs").as_int64(), 0);
}

// A 101 MB video: the server answers 413 once the file passes 100 MB, before it has the whole
// body. The client sends the form only up to 100 MB and 256 KiB of the file and then waits:
// the answer can only come from a server that refuses before reading the rest (the last
// ~0.75 MiB are never sent). Nothing is left in the blob store.
TEST_P(VizTubeVideosTest, AVideoPast100MBIsRefusedBeforeTheBodyIsReadInFull) {
  const fs::path blobs = dir_.path() / "data" / "blobs";
  const std::size_t files_before = FilesUnder(blobs);
  std::string file = clip_;
  file.resize(101 << 20, '\0');  // a real MP4's head (the sniff passes), then padding
  const std::string form =
      Multipart({{"title", "Too long"}, {"videoFile", file, "big.mp4", "video/mp4"}});
  const std::size_t file_at = form.find(clip_.substr(0, 64));
  ASSERT_NE(file_at, std::string::npos);
  const std::size_t sent = file_at + (100 << 20) + (256 << 10);
  ASSERT_LT(sent + (512 << 10), form.size()) << "more than half a MiB stays unsent";
  const std::string head =
      "POST /api/v2/videos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ada_ +
      "\r\nContent-Type: multipart/form-data; boundary=" + std::string(kBoundary) +
      "\r\nContent-Length: " + std::to_string(form.size()) + "\r\n\r\n";
  const std::string answer =
      RawExchange(server_->port(), head + form.substr(0, sent), std::chrono::seconds(30));
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 300);
  EXPECT_NE(answer.find("PAYLOAD_TOO_LARGE"), std::string::npos);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(FilesUnder(blobs), files_before) << "nothing of the upload is left";
  EXPECT_EQ(Data(client_->Get("/api/v2/videos")).at("totalDocs").as_int64(), 0);
}

TEST_P(VizTubeVideosTest, OwnersAloneChangeTheirVideosAndHiddenOnesAreNotFound) {
  const std::string id = UploadId(ada_, "Mine");
  const std::string path = "/api/v2/videos/" + id;
  EXPECT_EQ(client_->Call(grace_, "PATCH", path, R"({"title":"Stolen"})").status, 403);
  EXPECT_EQ(client_->Call(grace_, "DELETE", path).status, 403);
  EXPECT_EQ(client_->Call(grace_, "PATCH", "/api/v2/videos/toggle/publish/" + id, "{}").status,
            403);
  const std::string missing = "/api/v2/videos/0190a8e2-0000-7000-8000-000000000000";
  EXPECT_EQ(client_->Call(ada_, "PATCH", missing, R"({"title":"x"})").status, 404);
  EXPECT_EQ(client_->Call(ada_, "GET", "/api/v2/videos/not-an-id").status, 404);

  const auto edited = client_->Call(ada_, "PATCH", path, R"({"title":"Renamed","description":""})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(Data(edited).at("title").as_string(), "Renamed");
  EXPECT_EQ(client_->Call(ada_, "PATCH", path, R"({"title":""})").status, 400);

  const auto hidden = client_->Call(ada_, "PATCH", "/api/v2/videos/toggle/publish/" + id, "{}");
  ASSERT_EQ(hidden.status, 200);
  EXPECT_FALSE(Data(hidden).at("isPublished").as_bool());
  EXPECT_EQ(client_->Call(grace_, "GET", path).status, 404);
  EXPECT_EQ(client_->Get(path).status, 404);
  EXPECT_EQ(client_->Call(grace_, "GET", path + "/stream").status, 404);
  EXPECT_EQ(client_->Call(grace_, "PATCH", path, R"({"title":"x"})").status, 404)
      << "a hidden video is not there for others, even to write";
  EXPECT_EQ(client_->Call(ada_, "GET", path).status, 200);
  EXPECT_EQ(Data(client_->Get("/api/v2/videos")).at("totalDocs").as_int64(), 0);
  client_->Call(ada_, "PATCH", "/api/v2/videos/toggle/publish/" + id, "{}");
  EXPECT_EQ(Data(client_->Get("/api/v2/videos")).at("totalDocs").as_int64(), 1);
}

TEST_P(VizTubeVideosTest, ListsSearchSortAndPageWithExactTotals) {
  UploadId(ada_, "Sourdough basics", "Flour, water and patience");
  UploadId(ada_, "Bread in a pan", "Quick loaves");
  UploadId(grace_, "Compilers", "Teaching machines to translate");
  const auto all = Data(client_->Get("/api/v2/videos?page=1&limit=2"));
  EXPECT_EQ(all.at("totalDocs").as_int64(), 3);
  EXPECT_EQ(all.at("totalPages").as_int64(), 2);
  EXPECT_TRUE(all.at("hasNextPage").as_bool());
  EXPECT_FALSE(all.at("hasPrevPage").as_bool());
  EXPECT_EQ(all.at("docs").as_array().size(), 2u);
  EXPECT_EQ(all.at("docs").as_array()[0].at("title").as_string(), "Compilers") << "newest first";
  const auto second = Data(client_->Get("/api/v2/videos?page=2&limit=2"));
  EXPECT_EQ(second.at("docs").as_array().size(), 1u);
  EXPECT_TRUE(second.at("hasPrevPage").as_bool());

  const auto by_title = Data(client_->Get("/api/v2/videos?sortBy=title&sortType=asc"));
  EXPECT_EQ(by_title.at("docs").as_array()[0].at("title").as_string(), "Bread in a pan");
  const auto found = Data(client_->Get("/api/v2/videos?query=patience"));
  ASSERT_EQ(found.at("totalDocs").as_int64(), 1) << json::serialize(found);
  EXPECT_EQ(found.at("docs").as_array()[0].at("title").as_string(), "Sourdough basics");
  EXPECT_EQ(Data(client_->Get("/api/v2/videos?query=BREAD%20pan")).at("totalDocs").as_int64(), 1);
  // Whatever the query holds, it is words to look for, never SQL or search syntax.
  for (const char* q :
       {"%27%20OR%201%3D1--", "%22unbalanced", "NEAR(a%20b)", "*", "a%20AND%20OR"}) {
    const auto r = client_->Get(std::string("/api/v2/videos?query=") + q);
    EXPECT_EQ(r.status, 200) << q << r.body;
  }
  const std::string grace_id(
      Data(client_->Call(grace_, "GET", "/api/v2/user/current-user-details")).at("id").as_string());
  EXPECT_EQ(Data(client_->Get("/api/v2/videos?userId=" + grace_id)).at("totalDocs").as_int64(), 1);
  for (const char* bad : {"sortBy=password_hash", "sortBy=title;DROP%20TABLE%20videos",
                          "sortType=sideways", "page=0", "limit=101", "limit=x", "userId=nope"}) {
    const auto r = client_->Get(std::string("/api/v2/videos?") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.Json().at("code").as_string(), "VALIDATION");
  }
}

TEST_P(VizTubeVideosTest, ViewsCountOncePerViewerEvenAllAtOnce) {
  const std::string id = UploadId(ada_, "Popular");
  const std::string path = "/api/v2/videos/" + id;
  // The owner's own views do not count; one viewer twice counts once.
  client_->Call(ada_, "GET", path);
  client_->Call(grace_, "GET", path);
  client_->Call(grace_, "GET", path);
  constexpr int kThreads = 10, kEach = 20;  // 200 distinct anonymous viewers at once
  std::atomic<int> ok = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(server_->port());
      for (int i = 0; i < kEach; ++i) {
        const auto r = client.Send(
            {"GET", path, {}, {{"User-Agent", "viewer-" + std::to_string(t * kEach + i)}}});
        ok += r.status == 200;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * kEach);
  std::int64_t views = 0;
  for (int i = 0; i < 100 && views < 201; ++i) {
    std::this_thread::sleep_for(50ms);
    views = ViewsOf(id);
  }
  std::this_thread::sleep_for(400ms);  // nothing more arrives late
  EXPECT_EQ(ViewsOf(id), 201);
  const auto history = Data(client_->Call(grace_, "GET", "/api/v2/user/watch-history"));
  EXPECT_EQ(history.at("totalDocs").as_int64(), 1);
  EXPECT_EQ(history.at("docs").as_array()[0].at("id").as_string(), id);
  const std::string fresh = SignUp("hopper").token;
  const auto empty = client_->Call(fresh, "GET", "/api/v2/user/watch-history");
  EXPECT_EQ(empty.status, 200) << "an empty page, not 404";
  EXPECT_EQ(Data(empty).at("totalDocs").as_int64(), 0);
}

TEST_P(VizTubeVideosTest, OnlyTheOwnerPollsProcessingAndThePollsAreNeitherViewsNorHistory) {
  const std::string id = UploadId(ada_, "Converting");
  const std::string path = "/api/v2/videos/" + id + "/processing";
  for (int i = 0; i < 3; ++i) {
    const auto r = client_->Call(ada_, "GET", path);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Data(r).at("id").as_string(), id);
    EXPECT_TRUE(Data(r).contains("processing"));
  }
  const auto other = client_->Call(grace_, "GET", path);
  EXPECT_EQ(other.status, 403) << other.body;
  EXPECT_EQ(other.Json().at("code").as_string(), "FORBIDDEN");
  EXPECT_EQ(client_->Get(path).status, 401);
  EXPECT_EQ(client_->Call(ada_, "GET", "/api/v2/videos/" + id + "x/processing").status, 404);
  // Hidden, it is nobody else's business at all.
  ASSERT_EQ(client_->Call(ada_, "PATCH", "/api/v2/videos/toggle/publish/" + id, "{}").status, 200);
  EXPECT_EQ(client_->Call(grace_, "GET", path).status, 404);
  EXPECT_EQ(client_->Call(ada_, "GET", path).status, 200);
  // Ada watches another video: once that lands in her history, the polls before it would have.
  const std::string watched = UploadId(ada_, "Watched");
  ASSERT_EQ(client_->Call(ada_, "GET", "/api/v2/videos/" + watched).status, 200);
  json::object history;
  for (int i = 0; i < 100; ++i) {
    history = Data(client_->Call(ada_, "GET", "/api/v2/user/watch-history"));
    if (history.at("totalDocs").as_int64() > 0) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(history.at("totalDocs").as_int64(), 1) << json::serialize(history);
  EXPECT_EQ(history.at("docs").as_array()[0].at("id").as_string(), watched);
  EXPECT_EQ(Data(client_->Call(ada_, "GET", path)).at("views").as_int64(), 0);
}

TEST_P(VizTubeVideosTest, DeletingAVideoRemovesItsFilesAndCounts) {
  const std::string id = UploadId(ada_, "Short-lived");
  const auto v = Data(client_->Call(grace_, "GET", "/api/v2/videos/" + id));
  EXPECT_GT(VideoObjects(), 0u);
  ASSERT_EQ(client_->Call(ada_, "DELETE", "/api/v2/videos/" + id).status, 200);
  EXPECT_EQ(client_->Get("/api/v2/videos/" + id).status, 404);
  EXPECT_EQ(Data(client_->Get("/api/v2/videos")).at("totalDocs").as_int64(), 0);
  for (int i = 0; i < 100 && VideoObjects() > 0; ++i) std::this_thread::sleep_for(20ms);
  EXPECT_EQ(VideoObjects(), 0u);
  EXPECT_EQ(client_->Get(std::string(v.at("videoFileUrl").as_string())).status, 404);
  EXPECT_EQ(client_->Call(ada_, "DELETE", "/api/v2/videos/" + id).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, VizTubeVideosTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
