#include "platform/blob/blob_store.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "platform/blob/blob_writer.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/support.hpp"

namespace platform::blob {
namespace {

namespace fs = std::filesystem;

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = OpenBlobStore("file://" + (dir_.path() / "blobs").string()); }

  // Writes `bytes` the way an upload does: piece by piece, hashed as they go.
  BlobInfo Upload(const std::string& bytes) {
    BlobWriter writer(*store_);
    for (std::size_t at = 0; at < bytes.size(); at += 1000) writer.Append(bytes.substr(at, 1000));
    EXPECT_EQ(writer.size(), bytes.size());
    return writer.Commit();
  }

  std::size_t FilesUnder(const fs::path& dir) {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file() ? 1 : 0;
    return n;
  }

  testing_support::TempDir dir_;
  std::unique_ptr<BlobStore> store_;
};

TEST_F(BlobStoreTest, FilesHaveNoDirectLinks) {
  const BlobInfo info = Upload("plain");
  EXPECT_FALSE(store_->DirectBlobUrl(info.sha256, "text/plain", 60));
  EXPECT_FALSE(store_->DirectObjectUrl("a/b", "text/plain", 60));
}

TEST_F(BlobStoreTest, StoresUnderTheHashOfTheBytes) {
  const std::string bytes(12345, 'x');
  const BlobInfo info = Upload(bytes);
  EXPECT_EQ(info.sha256, Sha256Hex(bytes));
  EXPECT_EQ(info.size, bytes.size());
  const auto path = store_->LocalPath(info.sha256);
  ASSERT_TRUE(path);
  std::ifstream in(*path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), bytes);
  EXPECT_EQ(store_->Find(info.sha256)->size, bytes.size());
  EXPECT_EQ(FilesUnder(dir_.path() / "blobs" / "tmp"), 0u) << "the temp file became the blob";
}

TEST_F(BlobStoreTest, EqualContentIsStoredOnce) {
  const auto a = Upload("same bytes");
  const auto b = Upload("same bytes");
  EXPECT_EQ(a.sha256, b.sha256);
  EXPECT_EQ(FilesUnder(dir_.path() / "blobs"), 1u);
}

TEST_F(BlobStoreTest, UnknownAndMalformedNamesAreNotFound) {
  EXPECT_FALSE(store_->Find(std::string(64, 'a')));
  EXPECT_FALSE(store_->Find("../../etc/passwd"));
  EXPECT_FALSE(store_->LocalPath("ABC"));
  EXPECT_FALSE(store_->Remove("../x"));
  const fs::path temp = store_->NewTempFile();
  std::ofstream(temp) << "x";
  EXPECT_THROW(store_->Commit(temp, "not-a-hash"), std::invalid_argument);
}

TEST_F(BlobStoreTest, RemoveAndListForCollection) {
  const auto a = Upload("first");
  const auto b = Upload("second");
  EXPECT_TRUE(store_->ListOlderThan(std::chrono::hours(1)).empty()) << "young blobs are spared";
  EXPECT_EQ(store_->ListOlderThan(std::chrono::seconds(-1)).size(), 2u);
  EXPECT_TRUE(store_->Remove(a.sha256));
  EXPECT_FALSE(store_->Remove(a.sha256));
  EXPECT_FALSE(store_->Find(a.sha256));
  EXPECT_TRUE(store_->Find(b.sha256));
}

TEST_F(BlobStoreTest, AFileAProgramWroteIsStoredUnderItsHash) {
  fs::path made = store_->NewTempFile();
  made += ".jpg";
  std::ofstream(made, std::ios::binary) << "pretend pixels";
  const BlobInfo info = CommitFile(*store_, made);
  EXPECT_EQ(info.sha256, Sha256Hex("pretend pixels"));
  EXPECT_FALSE(fs::exists(made));
  EXPECT_TRUE(store_->Find(info.sha256));
}

TEST_F(BlobStoreTest, AWriterDroppedBeforeCommitLeavesNothing) {
  {
    BlobWriter writer(*store_);
    writer.Append("half an upload");
    EXPECT_TRUE(fs::exists(writer.temp_path()));
  }
  EXPECT_EQ(FilesUnder(dir_.path() / "blobs"), 0u);
}

TEST_F(BlobStoreTest, CollectionSparesABlobThatWasJustReused) {
  const auto a = Upload("reused");
  const auto path = *store_->LocalPath(a.sha256);
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(2));
  ASSERT_EQ(store_->ListOlderThan(std::chrono::hours(1)).size(), 1u);
  Upload("reused");  // an upload of the same bytes between the listing and the removal
  EXPECT_FALSE(store_->RemoveIfOlderThan(a.sha256, std::chrono::hours(1)));
  EXPECT_TRUE(store_->Find(a.sha256));
  fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(2));
  EXPECT_TRUE(store_->RemoveIfOlderThan(a.sha256, std::chrono::hours(1)));
}

TEST_F(BlobStoreTest, StaleTempFilesOfACrashAreSweptAtOpen) {
  const fs::path stale = store_->NewTempFile();
  std::ofstream(stale) << "half an upload";
  fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(2));
  const fs::path fresh = store_->NewTempFile();
  std::ofstream(fresh) << "an upload in progress";
  store_ = OpenBlobStore("file://" + (dir_.path() / "blobs").string());
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(fresh));
}

TEST_F(BlobStoreTest, StaleTempsAndScratchFoldersAreRemovedWhileTheStoreRuns) {
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(2);
  const fs::path stale = store_->NewTempFile();
  std::ofstream(stale) << "half an upload";
  fs::last_write_time(stale, old);
  const fs::path scratch = store_->NewTempFile();  // a conversion's folder a crash left
  fs::create_directories(scratch / "profile");
  std::ofstream(scratch / "input.pptx") << "a document";
  fs::last_write_time(scratch, old);
  const fs::path fresh = store_->NewTempFile();
  std::ofstream(fresh) << "an upload in progress";
  const fs::path working = store_->NewTempFile();
  fs::create_directories(working);
  EXPECT_EQ(store_->RemoveStaleTemps(std::chrono::hours(1)), 2u);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_FALSE(fs::exists(scratch));
  EXPECT_TRUE(fs::exists(fresh));
  EXPECT_TRUE(fs::exists(working));
  EXPECT_EQ(store_->RemoveStaleTemps(std::chrono::hours(1)), 0u);
}

TEST_F(BlobStoreTest, BlobsAreReadPieceByPieceFromAnyOffset) {
  std::string bytes;
  for (int i = 0; i < 5000; ++i) bytes += static_cast<char>('a' + i % 26);
  const auto info = Upload(bytes);
  auto reader = store_->OpenBlob(info.sha256);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->size(), bytes.size());
  EXPECT_EQ(reader->Read(0, 10), bytes.substr(0, 10));
  EXPECT_EQ(reader->Read(4995, 100), bytes.substr(4995)) << "short only at the end";
  EXPECT_EQ(reader->Read(5000, 10), "");
  EXPECT_FALSE(store_->OpenBlob(Sha256Hex("never stored")));
  EXPECT_FALSE(store_->OpenBlob("../../etc/passwd"));
}

TEST_F(BlobStoreTest, ObjectsAreNamedListedAndRemovedByPrefix) {
  const auto put = [&](const std::string& key, const std::string& text) {
    const fs::path file = store_->NewTempFile();
    std::ofstream(file, std::ios::binary) << text;
    const auto info = store_->PutObject(key, file);
    EXPECT_FALSE(fs::exists(file)) << "moved into the store";
    return info;
  };
  EXPECT_EQ(put("videos/v1/hls/720p/0001.ts", "segment one").size, 11u);
  put("videos/v1/hls/720p/0002.ts", "segment two");
  put("videos/v1/hls/master.m3u8", "#EXTM3U");
  put("videos/v2/poster.jpg", "jpeg");
  put("videos/v1/hls/master.m3u8", "#EXTM3U\n");  // replaced
  auto reader = store_->OpenObject("videos/v1/hls/master.m3u8");
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->Read(0, 100), "#EXTM3U\n");
  const auto listed = store_->ListObjects("videos/v1");
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].key, "videos/v1/hls/720p/0001.ts");
  EXPECT_EQ(listed[2].key, "videos/v1/hls/master.m3u8");
  EXPECT_TRUE(store_->ListObjects("videos/v3").empty());
  // Objects are never taken for blobs by garbage collection, whatever their names.
  put("videos/v2/" + Sha256Hex("x"), "named like a blob");
  for (const auto& p : fs::recursive_directory_iterator(dir_.path() / "blobs" / "objects")) {
    fs::last_write_time(p.path(), fs::file_time_type::clock::now() - std::chrono::hours(2));
  }
  EXPECT_TRUE(store_->ListOlderThan(std::chrono::hours(1)).empty());

  EXPECT_EQ(store_->RemoveObjects("videos/v1/hls/720p/0002.ts"), 1u) << "one object by its key";
  EXPECT_EQ(store_->RemoveObjects("videos/v1"), 2u);
  EXPECT_FALSE(store_->OpenObject("videos/v1/hls/master.m3u8"));
  EXPECT_EQ(store_->ListObjects("videos").size(), 2u) << "other prefixes stay";
  EXPECT_EQ(store_->RemoveObjects("videos/v1"), 0u);
}

TEST_F(BlobStoreTest, ObjectKeysCannotEscapeTheStore) {
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a//b", "a/./b", "a/", "a b",
                          "a\\b", "caf\xc3\xa9"}) {
    EXPECT_FALSE(IsObjectKey(bad)) << bad;
    EXPECT_FALSE(store_->OpenObject(bad)) << bad;
    EXPECT_TRUE(store_->ListObjects(bad).empty()) << bad;
    EXPECT_EQ(store_->RemoveObjects(bad), 0u) << bad;
    EXPECT_THROW(store_->PutObject(bad, store_->NewTempFile()), std::invalid_argument) << bad;
  }
  EXPECT_FALSE(IsObjectKey(std::string(513, 'a')));
  EXPECT_TRUE(IsObjectKey("videos/0190-ab_c/hls/720p.m3u8"));
}

TEST(BlobStoreUrl, OnlyFileUrls) {
  EXPECT_THROW(OpenBlobStore("s3://bucket"), std::invalid_argument);
  EXPECT_TRUE(IsSha256Hex(Sha256Hex("x")));
  EXPECT_FALSE(IsSha256Hex(std::string(64, 'A')));
}

}  // namespace
}  // namespace platform::blob
