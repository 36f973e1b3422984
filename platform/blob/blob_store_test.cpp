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

TEST(BlobStoreUrl, OnlyFileUrls) {
  EXPECT_THROW(OpenBlobStore("s3://bucket"), std::invalid_argument);
  EXPECT_TRUE(IsSha256Hex(Sha256Hex("x")));
  EXPECT_FALSE(IsSha256Hex(std::string(64, 'A')));
}

}  // namespace
}  // namespace platform::blob
