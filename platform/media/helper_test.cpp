// MediaHelper against the real `media-helper` program built beside this test: the same
// answers and refusals as the in-process functions, across a process boundary.

#include "platform/media/helper.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "platform/core/sandbox.hpp"
#include "platform/media/file_type.hpp"
#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"

namespace platform::media {
namespace {

namespace fs = std::filesystem;
using testing_support::TempDir;

TEST(MediaHelper, ThumbnailsAnUprightImageAndSaysWhatItWas) {
  TempDir dir;
  testing_support::MakeRotatedJpeg(dir.path() / "in.jpg", 400, 200);
  const MediaHelper helper;
  const ImageInfo info =
      helper.WriteImageThumbnail(dir.path() / "in.jpg", dir.path() / "out.jpg", 100);
  EXPECT_EQ(info.width, 200) << "as displayed, after its EXIF orientation";
  EXPECT_EQ(info.height, 400);
  EXPECT_EQ(SniffMimeType(dir.path() / "out.jpg"), "image/jpeg");
  const ImageInfo thumbnail = ProbeImage(dir.path() / "out.jpg");
  EXPECT_EQ(thumbnail.height, 100);
  EXPECT_EQ(thumbnail.width, 50);
}

TEST(MediaHelper, RefusesWhatIsNotAnImageOrIsOverALimitAsTheFilesFault) {
  TempDir dir;
  testing_support::WriteFile(dir.path() / "text.jpg", "not an image at all");
  const MediaHelper helper;
  EXPECT_THROW(helper.WriteImageThumbnail(dir.path() / "text.jpg", dir.path() / "o.jpg", 100),
               MediaError);
  testing_support::MakeImage(dir.path() / "big.png", 300, 300);
  try {
    helper.WriteImageThumbnail(dir.path() / "big.png", dir.path() / "o.jpg", 100,
                               {.max_pixels = 10'000});
    FAIL() << "a pixel limit should refuse it";
  } catch (const MediaError& e) {
    EXPECT_NE(std::string(e.what()).find("300"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "o.jpg"));
}

TEST(MediaHelper, ProbesAVideoAndWritesItsPoster) {
  TempDir dir;
  testing_support::MakeVideo(dir.path() / "clip.mp4", 2.0, 320, 240);
  const MediaHelper helper;
  const VideoInfo info = helper.ProbeVideo(dir.path() / "clip.mp4");
  EXPECT_NEAR(info.duration_seconds, 2.0, 0.2);
  EXPECT_EQ(info.codec, "h264");
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 240);
  EXPECT_TRUE(info.has_audio);
  helper.WriteVideoPoster(dir.path() / "clip.mp4", dir.path() / "poster.jpg", 1.0, 160);
  EXPECT_EQ(ProbeImage(dir.path() / "poster.jpg").width, 160);
  EXPECT_THROW(helper.ProbeVideo(dir.path() / "poster.jpg"), MediaError);
}

TEST(MediaHelper, RendersEveryPageOfAPdfAndItsThumbnail) {
  TempDir dir;
  testing_support::MakePdf(dir.path() / "in.pdf", 3);
  fs::create_directories(dir.path() / "pages");
  const MediaHelper helper;
  const PdfPages pages =
      helper.RenderPdfPages(dir.path() / "in.pdf", dir.path() / "pages", 400, 100);
  ASSERT_EQ(pages.pages, 3);
  ASSERT_EQ(pages.page_files.size(), 3u);
  for (const auto& page : pages.page_files) {
    EXPECT_EQ(SniffMimeType(page), "image/jpeg");
    const ImageInfo info = ProbeImage(page);
    EXPECT_EQ(std::max(info.width, info.height), 400);
  }
  const ImageInfo thumbnail = ProbeImage(pages.thumbnail);
  EXPECT_EQ(std::max(thumbnail.width, thumbnail.height), 100);
  // Only what was asked for is left: the helper's scratch folder is gone.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path() / "pages"), fs::directory_iterator()),
            4);
  EXPECT_THROW(helper.RenderPdfPages(dir.path() / "in.pdf", dir.path() / "pages", 400, 100,
                                     {.max_pages = 2}),
               MediaError);
}

// A decoder a hostile file took over, played by a shell script in the helper's place: what
// it can do to the server is fail its own run.
class HostileDecoderTest : public testing::Test {
 protected:
  void SetUp() override {
    testing_support::MakeImage(dir_.path() / "in.png", 10, 10);
    testing_support::WriteFile(dir_.path() / "secret.txt", "another customer's file");
  }
  // The script, run as the helper with `limits`, thumbnailing in.png into out.jpg.
  std::string Thumbnail(const std::string& script, HelperLimits limits = {}) {
    const fs::path program = dir_.path() / "decoder.sh";
    testing_support::WriteFile(program, "#!/bin/bash\n" + script);
    fs::permissions(program, fs::perms::owner_all);
    const MediaHelper helper(program, limits);
    try {
      const ImageInfo info =
          helper.WriteImageThumbnail(dir_.path() / "in.png", dir_.path() / "out.jpg", 100);
      return "width " + std::to_string(info.width);
    } catch (const MediaError& e) {
      return std::string("MediaError: ") + e.what();
    } catch (const std::runtime_error& e) {
      return std::string("runtime_error: ") + e.what();
    }
  }
  TempDir dir_;
};

TEST_F(HostileDecoderTest, ACrashFailsTheFileNotTheServer) {
  EXPECT_EQ(Thumbnail("kill -SEGV $$"), "MediaError: the file could not be decoded");
  EXPECT_EQ(Thumbnail("kill -ABRT $$"), "MediaError: the file could not be decoded");
  EXPECT_FALSE(fs::exists(dir_.path() / "out.jpg"));
}

TEST_F(HostileDecoderTest, AHangIsCutAtTheTimeLimit) {
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(Thumbnail("while :; do :; done", {.time = std::chrono::seconds(1)}),
            "MediaError: the file took too long to process");
  EXPECT_EQ(Thumbnail("sleep 30", {.time = std::chrono::seconds(1)}),
            "MediaError: the file took too long to process");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST_F(HostileDecoderTest, ItReadsNothingBeyondItsInputWritesNothingBeyondItsScratchFolder) {
  if (SandboxSupported().landlock_abi == 0) GTEST_SKIP() << "no Landlock in this kernel";
  const std::string d = dir_.path().string();
  // Each attempt that works adds to the reported width; the input must be readable (1).
  const std::string script =
      "w=0; head -c 8 \"$2\" >/dev/null && w=$((w+1))\n"
      "cat " +
      d +
      "/secret.txt >/dev/null 2>&1 && w=$((w+10))\n"
      "echo x > " +
      d +
      "/planted 2>/dev/null && w=$((w+100))\n"
      "echo x > \"$(dirname \"$3\")/../planted\" 2>/dev/null && w=$((w+1000))\n"
      "ls " +
      d +
      " >/dev/null 2>&1 && w=$((w+10000))\n"
      "echo thumb > \"$3\"\n"
      "echo \"result {\\\"width\\\":$w,\\\"height\\\":1,\\\"frames\\\":1}\"\n";
  EXPECT_EQ(Thumbnail(script), "width 1");
  EXPECT_FALSE(fs::exists(dir_.path() / "planted"));
  EXPECT_TRUE(fs::exists(dir_.path() / "out.jpg")) << "its own output is delivered";
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator()), 4)
      << "in.png, secret.txt, decoder.sh, out.jpg: no scratch folder left";
}

TEST_F(HostileDecoderTest, ItReachesNoNetwork) {
  if (!SandboxSupported().seccomp) GTEST_SKIP() << "no seccomp in this kernel";
  // Port 9 (discard) or anything: the socket itself is refused, before any connection.
  EXPECT_EQ(Thumbnail("exec 3<>/dev/tcp/127.0.0.1/9 2>/dev/null && echo 'result "
                      "{\"width\":7,\"height\":1,\"frames\":1}' && exit 0\n"
                      "echo x > \"$3\"; echo 'result {\"width\":1,\"height\":1,\"frames\":1}'"),
            "width 1");
}

TEST(MediaHelper, AMissingHelperIsTheServersFaultNotTheFiles) {
  TempDir dir;
  testing_support::MakeImage(dir.path() / "in.png", 10, 10);
  const MediaHelper helper(dir.path() / "no-such-helper");
  EXPECT_THROW(
      {
        try {
          helper.WriteImageThumbnail(dir.path() / "in.png", dir.path() / "o.jpg", 10);
        } catch (const MediaError&) {
          FAIL() << "not a MediaError";
        }
      },
      std::runtime_error);
}

}  // namespace
}  // namespace platform::media
