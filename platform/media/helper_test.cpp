// MediaHelper against the real `media-helper` program built beside this test: the same
// answers and refusals as the in-process functions, across a process boundary.

#include "platform/media/helper.hpp"

#include <gtest/gtest.h>

#include "platform/media/file_type.hpp"
#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"

namespace platform::media {
namespace {

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
