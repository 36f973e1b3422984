// Images, video, PDF and CSV read from real files made for the test.
#include <gtest/gtest.h>

#include "platform/media/file_type.hpp"
#include "platform/media/image.hpp"
#include "platform/media/pdf.hpp"
#include "platform/media/table.hpp"
#include "platform/media/video.hpp"
#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"

namespace platform::media {
namespace {

namespace fs = std::filesystem;
using testing_support::ReadFile;
using testing_support::WriteFile;

class MediaTest : public ::testing::Test {
 protected:
  fs::path Path(const std::string& name) const { return dir_.path() / name; }
  testing_support::TempDir dir_;
};

TEST_F(MediaTest, ImageDimensionsAndAnUprightThumbnail) {
  testing_support::MakeImage(Path("wide.jpg"), 1920, 1080);
  const ImageInfo info = ProbeImage(Path("wide.jpg"));
  EXPECT_EQ(info.width, 1920);
  EXPECT_EQ(info.height, 1080);
  WriteImageThumbnail(Path("wide.jpg"), Path("thumb.jpg"), 400);
  EXPECT_EQ(SniffMimeType(Path("thumb.jpg")), "image/jpeg");
  const ImageInfo thumb = ProbeImage(Path("thumb.jpg"));
  EXPECT_EQ(thumb.width, 400);
  EXPECT_EQ(thumb.height, 225);
}

TEST_F(MediaTest, ExifOrientationIsApplied) {
  testing_support::MakeRotatedJpeg(Path("phone.jpg"), 800, 600);
  const ImageInfo info = ProbeImage(Path("phone.jpg"));
  EXPECT_EQ(info.width, 600) << "shown portrait";
  EXPECT_EQ(info.height, 800);
  WriteImageThumbnail(Path("phone.jpg"), Path("thumb.jpg"), 400);
  const ImageInfo thumb = ProbeImage(Path("thumb.jpg"));
  EXPECT_EQ(thumb.width, 300);
  EXPECT_EQ(thumb.height, 400);
}

TEST_F(MediaTest, PixelBombsAreRefusedFromTheHeader) {
  // A PNG header claiming 100000×100000 pixels: refused before anything is decoded.
  testing_support::MakeImage(Path("small.png"), 16, 16);
  std::string png = ReadFile(Path("small.png"));
  const std::string huge("\x00\x01\x86\xa0\x00\x01\x86\xa0", 8);
  png.replace(16, 8, huge);
  // The IHDR chunk's CRC covers its type and data (bytes 12..28).
  const std::uint32_t crc = testing_support::Crc32(png.substr(12, 17));
  for (int i = 0; i < 4; ++i) png[29 + i] = static_cast<char>(crc >> (24 - 8 * i));
  WriteFile(Path("bomb.png"), png);
  try {
    ProbeImage(Path("bomb.png"));
    FAIL() << "a bomb was accepted";
  } catch (const MediaError& e) {
    EXPECT_NE(std::string(e.what()).find("limit"), std::string::npos) << e.what();
  }
}

TEST_F(MediaTest, DamagedImagesFailWithAReason) {
  testing_support::MakeImage(Path("ok.jpg"), 640, 480);
  const std::string jpeg = ReadFile(Path("ok.jpg"));
  WriteFile(Path("cut.jpg"), jpeg.substr(0, jpeg.size() / 3));
  EXPECT_THROW(WriteImageThumbnail(Path("cut.jpg"), Path("t.jpg"), 400), MediaError);
  WriteFile(Path("noise.jpg"), "\xff\xd8\xff\xe0 this is not really a jpeg");
  EXPECT_THROW(ProbeImage(Path("noise.jpg")), MediaError);
}

TEST_F(MediaTest, VideoFactsAndAPosterFrame) {
  testing_support::MakeVideo(Path("clip.mp4"), 3, 640, 360, 30);
  const VideoInfo info = ProbeVideo(Path("clip.mp4"));
  EXPECT_NEAR(info.duration_seconds, 3.0, 0.1);
  EXPECT_NEAR(info.frame_rate, 30.0, 0.01);
  EXPECT_EQ(info.codec, "h264");
  EXPECT_EQ(info.container, "mp4");
  EXPECT_EQ(info.width, 640);
  EXPECT_EQ(info.height, 360);
  EXPECT_TRUE(info.has_audio);
  WriteVideoPoster(Path("clip.mp4"), Path("poster.jpg"), 1.0, 400);
  const ImageInfo poster = ProbeImage(Path("poster.jpg"));
  EXPECT_EQ(poster.width, 400);
  EXPECT_EQ(poster.height, 225);

  testing_support::MakeVideo(Path("clip.webm"), 1, 320, 240);
  const VideoInfo webm = ProbeVideo(Path("clip.webm"));
  EXPECT_EQ(webm.codec, "vp8");
  EXPECT_EQ(webm.container, "webm");
  WriteVideoPoster(Path("clip.webm"), Path("poster2.jpg"), 5.0, 400);  // past the end: last frame
  EXPECT_EQ(ProbeImage(Path("poster2.jpg")).width, 320);
}

TEST_F(MediaTest, VideoLimitsAndDamage) {
  testing_support::MakeVideo(Path("clip.mp4"), 2, 640, 360);
  EXPECT_THROW(ProbeVideo(Path("clip.mp4"), {.max_duration_seconds = 1}), MediaError);
  EXPECT_THROW(ProbeVideo(Path("clip.mp4"), {.max_side = 320}), MediaError);
  const std::string mp4 = ReadFile(Path("clip.mp4"));
  WriteFile(Path("cut.mp4"), mp4.substr(0, 2000));
  EXPECT_THROW(WriteVideoPoster(Path("cut.mp4"), Path("p.jpg"), 1, 400), MediaError);
  // A playlist is not a video, whatever it is called.
  WriteFile(Path("list.mp4"), "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");
  EXPECT_THROW(ProbeVideo(Path("list.mp4")), MediaError);
}

TEST_F(MediaTest, PdfPagesRenderAsImages) {
  testing_support::MakePdf(Path("doc.pdf"), 3);
  PdfDocument pdf(Path("doc.pdf"));
  EXPECT_EQ(pdf.pages(), 3);
  pdf.RenderPage(1, Path("page2.jpg"), 1920);
  const ImageInfo page = ProbeImage(Path("page2.jpg"));
  EXPECT_EQ(page.height, 1920);  // A4 portrait: the longer side
  EXPECT_NEAR(page.width, 1920 * 595 / 842, 2);
  EXPECT_THROW(PdfDocument(Path("doc.pdf"), {.max_pages = 2}), MediaError);
  WriteFile(Path("junk.pdf"), "%PDF-1.4\nnothing here\n");
  EXPECT_THROW(PdfDocument{Path("junk.pdf")}, MediaError);
}

TEST_F(MediaTest, CsvIntoABoundedTable) {
  WriteFile(
      Path("a.csv"),
      "\xEF\xBB\xBFname,note\r\nalice,\"hello, \"\"world\"\"\"\r\nbob,\"two\nlines\"\r\n\r\n");
  Table t = ReadCsv(Path("a.csv"));
  EXPECT_EQ(t.columns, (std::vector<std::string>{"name", "note"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][1], "hello, \"world\"");
  EXPECT_EQ(t.rows[1][1], "two\nlines");
  EXPECT_FALSE(t.truncated);

  WriteFile(Path("semi.csv"), "a;b;c\n1;2;3\n");
  EXPECT_EQ(ReadCsv(Path("semi.csv")).rows[0], (std::vector<std::string>{"1", "2", "3"}));

  WriteFile(Path("latin1.csv"), "city\nK\xf6ln\n");
  EXPECT_EQ(ReadCsv(Path("latin1.csv")).rows[0][0], "K\xc3\xb6ln");

  std::string big = "n,square\n";
  for (std::int64_t i = 0; i < 50'000; ++i) {
    big += std::to_string(i) + "," + std::to_string(i * i) + "\n";
  }
  WriteFile(Path("big.csv"), big);
  Table bounded =
      ReadCsv(Path("big.csv"), {.max_rows = 100, .max_columns = 1, .max_cell_bytes = 3});
  EXPECT_EQ(bounded.rows.size(), 100u);
  EXPECT_EQ(bounded.columns.size(), 1u);
  EXPECT_EQ(bounded.rows[99][0], "99");
  EXPECT_TRUE(bounded.truncated);
}

TEST_F(MediaTest, OfficePackagesAreRecognised) {
  testing_support::MakeOfficeFile(Path("deck.pptx"), "pptx");
  testing_support::MakeOfficeFile(Path("sheet.xlsx"), "xlsx");
  EXPECT_EQ(SniffMimeType(Path("deck.pptx")),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");
  EXPECT_EQ(SniffMimeType(Path("sheet.xlsx")),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(IsUtf8("plain"));
  EXPECT_TRUE(IsUtf8("K\xc3\xb6ln \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsUtf8("K\xf6ln"));
  EXPECT_FALSE(IsUtf8("\xe2\x82"));  // cut short
}

}  // namespace
}  // namespace platform::media
