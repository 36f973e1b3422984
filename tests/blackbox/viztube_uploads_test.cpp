// VizTube's resumable uploads (tus 1.0 at /api/v2/uploads) over real HTTP on SQLite and
// PostgreSQL: creation, offsets, termination and expiration; an upload cut off mid-request
// keeps what arrived and resumes from it; the 100 MB limit holds across chunks; a finished
// upload becomes a video through POST /api/v2/videos {title, uploadId}; nothing it refuses or
// abandons stays on disk. (tus-js-client itself is driven in e2e/tests/viztube_uploads.test.ts.)

#include <gtest/gtest.h>

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

using Headers = std::vector<std::pair<std::string, std::string>>;

class VizTubeUploadsTest : public VizTubeServerTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    return {"--roles", "api,worker", "--upload-expiry-minutes", "0.05"};  // 3 s
  }
  void SetUp() override {
    VizTubeServerTest::SetUp();
    if (IsSkipped()) return;
    MakeVideo(dir_.path() / "clip.mp4", 2.0, 320, 240);
    clip_ = ReadFile(dir_.path() / "clip.mp4");
    ada_ = SignUp("ada").token;
    grace_ = SignUp("grace").token;
  }
  // Each on a connection of its own: the server closes one after refusing a body it did not
  // read.
  HttpResponse Send(const HttpRequest& request) {
    return HttpClient(server_->port()).Send(request);
  }
  Headers Tus(const std::string& token, Headers more = {}) const {
    Headers h = {{"Tus-Resumable", "1.0.0"}, {"Authorization", "Bearer " + token}};
    h.insert(h.end(), more.begin(), more.end());
    return h;
  }
  // Creates an upload of `length` bytes; its path.
  std::string Create(const std::string& token, std::size_t length) {
    const auto r = Send({"POST", "/api/v2/uploads", "",
                         Tus(token, {{"Upload-Length", std::to_string(length)},
                                     {"Upload-Metadata", "filename Y2xpcC5tcDQ="}})});
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_FALSE(r.Header("upload-expires").empty());
    return r.Header("location");
  }
  HttpResponse Patch(const std::string& token, const std::string& path, std::size_t offset,
                     const std::string& bytes) {
    return Send({"PATCH", path, bytes,
                 Tus(token, {{"Upload-Offset", std::to_string(offset)},
                             {"Content-Type", "application/offset+octet-stream"}})});
  }
  std::string OffsetOf(const std::string& token, const std::string& path) {
    const auto r = Send({"HEAD", path, "", Tus(token)});
    return r.status == 200 ? r.Header("upload-offset") : "status " + std::to_string(r.status);
  }
  std::size_t Leftovers() const {
    std::size_t n = 0;
    for (const auto& dir :
         {dir_.path() / "data" / "uploads", dir_.path() / "data" / "blobs" / "tmp"}) {
      if (!fs::exists(dir)) continue;
      for (const auto& e : fs::recursive_directory_iterator(dir)) {
        n += e.is_regular_file() ? 1 : 0;
      }
    }
    return n;
  }
  std::string clip_, ada_, grace_;
};

TEST_P(VizTubeUploadsTest, ChunksResumeFromTheServersOffsetAndBecomeAVideo) {
  const std::string path = Create(ada_, clip_.size());
  ASSERT_TRUE(path.starts_with("/api/v2/uploads/")) << path;
  EXPECT_EQ(OffsetOf(ada_, path), "0");
  EXPECT_EQ(OffsetOf(grace_, path), "status 404") << "someone else's upload is none";

  const std::size_t half = clip_.size() / 2;
  auto first = Patch(ada_, path, 0, clip_.substr(0, half));
  ASSERT_EQ(first.status, 204) << first.body;
  EXPECT_EQ(first.Header("upload-offset"), std::to_string(half));
  // Resent from the start (the client lost the answer): the offset is not where it stands.
  auto stale = Patch(ada_, path, 0, clip_.substr(0, half));
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(OffsetOf(ada_, path), std::to_string(half));

  // A request cut off part-way: what arrived is kept, and the client resumes from there.
  const std::string cut = clip_.substr(half, 1000);
  RawExchange(server_->port(),
              "PATCH " + path +
                  " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\n"
                  "Authorization: Bearer " +
                  ada_ + "\r\nUpload-Offset: " + std::to_string(half) +
                  "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " +
                  std::to_string(clip_.size() - half) + "\r\n\r\n" + cut,
              300ms);
  std::string offset;
  for (int i = 0; i < 100 && offset != std::to_string(half + cut.size()); ++i) {
    std::this_thread::sleep_for(20ms);
    offset = OffsetOf(ada_, path);
  }
  ASSERT_EQ(offset, std::to_string(half + cut.size()));

  const std::string id = path.substr(path.rfind('/') + 1);
  const auto early = client_->Call(ada_, "POST", "/api/v2/videos",
                                   R"({"title":"Early","uploadId":")" + id + "\"}");
  EXPECT_EQ(early.status, 409) << early.body;
  const std::size_t at = half + cut.size();
  ASSERT_EQ(Patch(ada_, path, at, clip_.substr(at)).status, 204);
  EXPECT_EQ(OffsetOf(ada_, path), std::to_string(clip_.size()));
  EXPECT_EQ(
      client_
          ->Call(grace_, "POST", "/api/v2/videos", R"({"title":"Mine","uploadId":")" + id + "\"}")
          .status,
      404);
  EXPECT_EQ(client_->Call(ada_, "POST", "/api/v2/videos", R"({"uploadId":")" + id + "\"}").status,
            400)
      << "no title: refused before the upload is taken";
  const auto made =
      client_->Call(ada_, "POST", "/api/v2/videos",
                    R"({"title":"Resumed","description":"in pieces","uploadId":")" + id + "\"}");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto v = made.Json().at("data").as_object();
  EXPECT_EQ(v.at("title").as_string(), "Resumed");
  EXPECT_NEAR(v.at("duration").as_double(), 2.0, 0.2);
  EXPECT_EQ(client_->Get(std::string(v.at("videoFileUrl").as_string())).body, clip_);
  // Taken once: the upload is gone.
  EXPECT_EQ(OffsetOf(ada_, path), "status 404");
  EXPECT_EQ(
      client_->Call(ada_, "POST", "/api/v2/videos", R"({"title":"Twice","uploadId":")" + id + "\"}")
          .status,
      404);
  // The conversion job's working copy goes when it ends.
  for (int i = 0; i < 600 && Leftovers() > 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(Leftovers(), 0u);
}

TEST_P(VizTubeUploadsTest, LimitsAndBadRequestsAreRefusedAndLeaveNothing) {
  // No protocol version, no length, too long, a wrong body type.
  EXPECT_EQ(Send({"POST",
                  "/api/v2/uploads",
                  "",
                  {{"Authorization", "Bearer " + ada_}, {"Upload-Length", "10"}}})
                .status,
            412);
  EXPECT_EQ(Send({"POST", "/api/v2/uploads", "", Tus(ada_)}).status, 400);
  EXPECT_EQ(Send({"POST", "/api/v2/uploads", "", {{"Tus-Resumable", "1.0.0"}}}).status, 401);
  const auto big = Send({"POST", "/api/v2/uploads", "",
                         Tus(ada_, {{"Upload-Length", std::to_string(100 << 20 | 1)}})});
  EXPECT_EQ(big.status, 413) << big.body;
  const std::string path = Create(ada_, 1000);
  EXPECT_EQ(Send({"PATCH", path, "abc",
                  Tus(ada_, {{"Upload-Offset", "0"}, {"Content-Type", "text/plain"}})})
                .status,
            415);
  // Past the declared length, in one chunk or across several: refused, nothing kept of it.
  ASSERT_EQ(Patch(ada_, path, 0, std::string(600, 'a')).status, 204);
  const auto over = Patch(ada_, path, 600, std::string(401, 'b'));
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_EQ(OffsetOf(ada_, path), "600");
  // Past it in a chunked body (no length to refuse up front), after more than one write's
  // worth reached the disk: refused, and none of it counts.
  const std::string streamed = Create(ada_, 3 << 20);
  std::string chunked = "PATCH " + streamed +
                        " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nAuthorization: Bearer " +
                        ada_ +
                        "\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream"
                        "\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) chunked += "100000\r\n" + std::string(1 << 20, 'd') + "\r\n";
  const std::string answer = RawExchange(server_->port(), chunked + "0\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 200);
  EXPECT_EQ(OffsetOf(ada_, streamed), "0");
  EXPECT_EQ(Send({"DELETE", streamed, "", Tus(ada_)}).status, 204);
  // Finished but not a video: refused by its bytes, and its file goes.
  ASSERT_EQ(Patch(ada_, path, 600, std::string(400, 'c')).status, 204);
  const std::string id = path.substr(path.rfind('/') + 1);
  const auto text =
      client_->Call(ada_, "POST", "/api/v2/videos", R"({"title":"Text","uploadId":")" + id + "\"}");
  EXPECT_EQ(text.status, 415) << text.body;
  // Termination.
  const std::string gone = Create(ada_, 10);
  EXPECT_EQ(Send({"DELETE", gone, "", Tus(grace_)}).status, 404);
  EXPECT_EQ(Send({"DELETE", gone, "", Tus(ada_)}).status, 204);
  EXPECT_EQ(OffsetOf(ada_, gone), "status 404");
  for (int i = 0; i < 100 && Leftovers() > 0; ++i) std::this_thread::sleep_for(20ms);
  EXPECT_EQ(Leftovers(), 0u);
  EXPECT_EQ(client_->Get("/api/v2/healthcheck").status, 200);
}

TEST_P(VizTubeUploadsTest, AbandonedUploadsExpireWithTheirBytes) {
  const std::string path = Create(ada_, 5000);
  ASSERT_EQ(Patch(ada_, path, 0, std::string(2000, 'x')).status, 204);
  EXPECT_EQ(FilesUnder(dir_.path() / "data" / "uploads"), 1u);
  // 3 s of life, swept every second.
  for (int i = 0; i < 200 && FilesUnder(dir_.path() / "data" / "uploads") > 0; ++i) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(FilesUnder(dir_.path() / "data" / "uploads"), 0u);
  EXPECT_EQ(OffsetOf(ada_, path), "status 404");
  EXPECT_EQ(Patch(ada_, path, 2000, "y").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, VizTubeUploadsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
