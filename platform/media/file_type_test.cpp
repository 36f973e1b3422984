#include "platform/media/file_type.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "tests/support/support.hpp"

namespace platform::media {
namespace {

class FileTypeTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const std::string& name, const std::string& bytes) {
    const auto path = dir_.path() / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  testing_support::TempDir dir_;
};

// The smallest valid 1×1 PNG.
const std::string kPng(
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\r"
    "IDATx\x9c"
    "c\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xae"
    "B`\x82",
    67);

TEST_F(FileTypeTest, DecidedByTheBytesNotTheName) {
  EXPECT_EQ(SniffMimeType(Write("image.bin", kPng)), "image/png");
  EXPECT_EQ(SniffMimeType(Write("doc.png", "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")),
            "application/pdf");
  EXPECT_EQ(SniffMimeType(Write("anim.jpg", std::string("GIF89a\x01\0\x01\0\0\0\0;", 13))),
            "image/gif");
  EXPECT_EQ(SniffMimeType(Write("page.png", "<!DOCTYPE html><html><body>hi</body></html>\n")),
            "text/html");
  EXPECT_EQ(SniffMimeType(Write("empty.png", "")), "inode/x-empty");
}

TEST_F(FileTypeTest, TheHeadOfAFileIsEnough) {
  EXPECT_EQ(SniffMimeTypeOfBytes(kPng), "image/png");
  EXPECT_EQ(SniffMimeTypeOfBytes("name,age\nalice,30\nbob,40\n"), "text/csv");
  EXPECT_EQ(SniffMimeTypeOfBytes("<html><body>x</body></html>"), "text/html");
  EXPECT_EQ(SniffMimeTypeOfBytes(""), "application/x-empty");
}

TEST_F(FileTypeTest, WorksFromSeveralThreadsAtOnce) {
  const auto png = Write("a.png", kPng);
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) right += SniffMimeType(png) == "image/png";
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(right.load(), 200);
}

TEST_F(FileTypeTest, AMissingFileIsAnError) {
  EXPECT_THROW(SniffMimeType(dir_.path() / "nope"), std::runtime_error);
}

}  // namespace
}  // namespace platform::media
