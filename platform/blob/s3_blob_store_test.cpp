#include "platform/blob/s3_blob_store.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "platform/blob/blob_writer.hpp"
#include "platform/core/error.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/support.hpp"

namespace platform::blob {
namespace {

namespace fs = std::filesystem;

// Against the throwaway S3 server that scripts/test starts (scripts/lib/
// throwaway-services.sh); skipped when there is none. Every test writes content of its own
// (random bytes, keys under a fresh prefix), so runs never see each other's objects.
class S3BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto found = testing_support::FindThrowawayS3();
    if (!found) GTEST_SKIP() << "no throwaway S3 server";
    s3_ = *found;
    store_ = OpenBlobStore(s3_.url);
    prefix_ = "t-" + NewId();
  }

  BlobInfo Upload(const std::string& bytes) {
    BlobWriter writer(*store_);
    for (std::size_t at = 0; at < bytes.size(); at += 4096) writer.Append(bytes.substr(at, 4096));
    return writer.Commit();
  }

  // "s3://BUCKET/PATH" for s3cmd.
  std::string InBucket(const std::string& path) const { return "s3://" + s3_.bucket + "/" + path; }

  std::string ReadAll(BlobReader& reader, std::size_t piece) {
    std::string out;
    while (out.size() < reader.size()) {
      const std::string got = reader.Read(out.size(), piece);
      if (got.empty()) break;
      out += got;
    }
    return out;
  }

  testing_support::ThrowawayS3 s3_;
  testing_support::TempDir dir_;
  std::unique_ptr<BlobStore> store_;
  std::string prefix_;
};

TEST_F(S3BlobStoreTest, StoresUnderTheHashAndReadsAnyRange) {
  const std::string bytes = RandomBytes(100'000);
  const BlobInfo info = Upload(bytes);
  EXPECT_EQ(info.sha256, Sha256Hex(bytes));
  ASSERT_TRUE(store_->Find(info.sha256));
  EXPECT_EQ(store_->Find(info.sha256)->size, bytes.size());
  EXPECT_FALSE(store_->LocalPath(info.sha256)) << "no local file behind an S3 blob";
  const auto reader = store_->OpenBlob(info.sha256);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->size(), bytes.size());
  EXPECT_EQ(reader->Read(1000, 5000), bytes.substr(1000, 5000));
  EXPECT_EQ(reader->Read(99'990, 5000), bytes.substr(99'990));
  EXPECT_EQ(reader->Read(100'000, 10), "");
  EXPECT_EQ(ReadAll(*reader, 7000), bytes);
  EXPECT_FALSE(store_->Find(std::string(64, 'a')));
  EXPECT_FALSE(store_->OpenBlob("not-a-hash"));
}

TEST_F(S3BlobStoreTest, EqualContentIsStoredOnceAsAnIndependentClientSees) {
  const std::string bytes = RandomBytes(5000);
  const auto a = Upload(bytes);
  const auto b = Upload(bytes);
  EXPECT_EQ(a.sha256, b.sha256);
  const std::string listing = s3_.S3cmd("ls " + InBucket("blobs/" + a.sha256));
  EXPECT_EQ(std::count(listing.begin(), listing.end(), '\n'), 1) << listing;
  EXPECT_NE(listing.find(" 5000 "), std::string::npos) << listing;
}

TEST_F(S3BlobStoreTest, ALargeFileGoesUpInPartsAndComesBackWhole) {
  // Three parts (16 + 16 + 8 MiB): a multipart upload, one part in memory at a time.
  const fs::path file = dir_.path() / "big.bin";
  {
    std::ofstream out(file, std::ios::binary);
    const std::string chunk = RandomBytes(1 << 20);
    for (int i = 0; i < 40; ++i) out << static_cast<char>(i) << chunk.substr(1);
  }
  std::ifstream in(file, std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(in), {});
  const std::string key = prefix_ + "/video/big.bin";
  EXPECT_EQ(store_->PutObject(key, file).size, bytes.size());
  EXPECT_FALSE(fs::exists(file)) << "the local file is removed once it is up";
  const auto reader = store_->OpenObject(key);
  ASSERT_TRUE(reader);
  EXPECT_EQ(Sha256Hex(ReadAll(*reader, 1 << 20)), Sha256Hex(bytes));
  // s3cmd downloads it and finds the same bytes.
  const fs::path copy = dir_.path() / "copy.bin";
  s3_.S3cmd("get --force " + InBucket("objects/" + key) + " " + copy.string());
  std::ifstream again(copy, std::ios::binary);
  EXPECT_EQ(Sha256Hex(std::string(std::istreambuf_iterator<char>(again), {})), Sha256Hex(bytes));
  EXPECT_EQ(s3_.S3cmd("multipart s3://" + s3_.bucket).find(key), std::string::npos)
      << "no unfinished upload left behind";
}

// Uploads stream into the bucket as they arrive: nothing in the store's local scratch, at
// most a part in memory, no multipart upload or temporary object left once committed.
TEST_F(S3BlobStoreTest, AStreamedUploadNeverTouchesLocalDisk) {
  const fs::path scratch = fs::temp_directory_path() / "blob-scratch";
  const std::size_t scratch_before = testing_support::FilesUnder(scratch);
  std::string bytes;  // 40 MiB: two full parts and a last one of 8 MiB
  for (int i = 0; i < 40; ++i) bytes += RandomBytes(1 << 20);
  BlobWriter writer(*store_, BlobWriter::Staging::kStreamed);
  EXPECT_THROW(writer.temp_path(), std::logic_error);
  for (std::size_t at = 0; at < bytes.size(); at += 1 << 18) {
    writer.Append(std::string_view(bytes).substr(at, 1 << 18));
    EXPECT_EQ(testing_support::FilesUnder(scratch), scratch_before) << "nothing staged locally";
  }
  const BlobInfo info = writer.Commit();
  EXPECT_EQ(info.sha256, Sha256Hex(bytes));
  EXPECT_EQ(info.size, bytes.size());
  const fs::path copy = dir_.path() / "copy.bin";
  s3_.S3cmd("get --force " + InBucket("blobs/" + info.sha256) + " " + copy.string());
  std::ifstream again(copy, std::ios::binary);
  EXPECT_EQ(Sha256Hex(std::string(std::istreambuf_iterator<char>(again), {})), info.sha256)
      << "an independent client reads the same bytes";
  EXPECT_EQ(s3_.S3cmd("multipart s3://" + s3_.bucket).find("uploads/"), std::string::npos);
  EXPECT_EQ(s3_.S3cmd("ls " + InBucket("uploads/")), "") << "the temporary object is gone";

  // A small one is one PUT, straight to its name; the same bytes again are stored once.
  BlobWriter small(*store_, BlobWriter::Staging::kStreamed);
  small.Append("a small streamed blob");
  EXPECT_EQ(small.Commit().sha256, Sha256Hex("a small streamed blob"));
  BlobWriter twice(*store_, BlobWriter::Staging::kStreamed);
  for (std::size_t at = 0; at < bytes.size(); at += 1 << 20) {
    twice.Append(std::string_view(bytes).substr(at, 1 << 20));
  }
  EXPECT_EQ(twice.Commit().sha256, info.sha256);
  EXPECT_EQ(s3_.S3cmd("ls " + InBucket("uploads/")), "");
}

TEST_F(S3BlobStoreTest, AStreamedUploadAbandonedHalfWayLeavesNothing) {
  {
    BlobWriter writer(*store_, BlobWriter::Staging::kStreamed);
    for (int i = 0; i < 20; ++i) writer.Append(RandomBytes(1 << 20));  // one part went up
    EXPECT_NE(s3_.S3cmd("multipart s3://" + s3_.bucket).find("uploads/"), std::string::npos)
        << "a multipart upload is under way";
  }  // the client went away: no Commit
  EXPECT_EQ(s3_.S3cmd("multipart s3://" + s3_.bucket).find("uploads/"), std::string::npos)
      << "aborted: S3 keeps none of its parts";
  EXPECT_EQ(s3_.S3cmd("ls " + InBucket("uploads/")), "");
}

TEST_F(S3BlobStoreTest, ObjectsAreListedAndRemovedByPrefix) {
  auto put = [&](const std::string& key, const std::string& text) {
    const fs::path file = store_->NewTempFile();
    std::ofstream(file, std::ios::binary) << text;
    store_->PutObject(prefix_ + "/" + key, file);
  };
  put("a/1.ts", "one");
  put("a/2.ts", "two!");
  put("ab/3.ts", "three");
  const auto listed = store_->ListObjects(prefix_ + "/a");
  ASSERT_EQ(listed.size(), 2u) << "a/ only, not ab/";
  EXPECT_EQ(listed[0].key, prefix_ + "/a/1.ts");
  EXPECT_EQ(listed[1].size, 4u);
  EXPECT_EQ(ReadAll(*store_->OpenObject(prefix_ + "/a/2.ts"), 2), "two!");
  EXPECT_EQ(store_->RemoveObjects(prefix_ + "/a"), 2u);
  EXPECT_TRUE(store_->ListObjects(prefix_ + "/a").empty());
  EXPECT_EQ(store_->RemoveObjects(prefix_ + "/ab/3.ts"), 1u);
  EXPECT_EQ(store_->RemoveObjects(prefix_ + "/ab/3.ts"), 0u);
  EXPECT_FALSE(store_->OpenObject(prefix_ + "/ab/3.ts"));
  EXPECT_THROW(store_->PutObject("../escape", store_->NewTempFile()), std::invalid_argument);
}

TEST_F(S3BlobStoreTest, ContentThatReadsLikeAnS3ErrorIsStillContent) {
  // A customer's XML file is bytes: only S3's own answers to writes can be errors in a 200.
  const std::string bytes = "<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>";
  const BlobInfo info = Upload(bytes);
  const auto reader = store_->OpenBlob(info.sha256);
  ASSERT_TRUE(reader);
  EXPECT_EQ(ReadAll(*reader, 4096), bytes);
}

TEST_F(S3BlobStoreTest, CollectionTakesOnlyBlobsOlderThanItsAge) {
  const auto info = Upload(RandomBytes(3000));
  EXPECT_FALSE(store_->RemoveIfOlderThan(info.sha256, std::chrono::hours(1)));
  for (const auto& old : store_->ListOlderThan(std::chrono::hours(1))) {
    EXPECT_NE(old.sha256, info.sha256);
  }
  EXPECT_TRUE(store_->RemoveIfOlderThan(info.sha256, std::chrono::seconds(0)));
  EXPECT_FALSE(store_->Find(info.sha256));
  EXPECT_FALSE(store_->Remove(info.sha256));
}

TEST_F(S3BlobStoreTest, APresignedLinkServesTheObjectToAnyoneUntilTampered) {
  const fs::path file = store_->NewTempFile();
  std::ofstream(file, std::ios::binary) << "for anyone";
  store_->PutObject(prefix_ + "/public.txt", file);
  const S3Client client(ParseS3Url(s3_.url), {s3_.access_key, s3_.secret_key});
  const std::string url = client.PresignedGetUrl("objects/" + prefix_ + "/public.txt", 60);
  const std::string target = url.substr(s3_.endpoint.size());
  testing_support::HttpClient http(s3_.port);
  const auto got = http.Get(target);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "for anyone");
  std::string tampered = target;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_EQ(http.Get(tampered).status, 403);
}

TEST_F(S3BlobStoreTest, WithDeliveryRedirectClientsGetPresignedLinks) {
  const auto info = Upload("<svg/>");
  EXPECT_FALSE(store_->DirectBlobUrl(info.sha256, "image/svg+xml", 60)) << "stream by default";
  const auto redirecting = OpenBlobStore(s3_.url + "&delivery=redirect");
  const auto url = redirecting->DirectBlobUrl(info.sha256, "image/svg+xml", 60);
  ASSERT_TRUE(url);
  ASSERT_EQ(url->rfind(s3_.endpoint, 0), 0u) << *url;
  testing_support::HttpClient http(s3_.port);
  const auto got = http.Get(url->substr(s3_.endpoint.size()));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "<svg/>");
  EXPECT_EQ(got.Header("content-type"), "image/svg+xml");
  EXPECT_FALSE(redirecting->DirectBlobUrl("not-a-hash", "", 60));
  EXPECT_FALSE(redirecting->DirectObjectUrl("../x", "", 60));
  // Links for clients that reach the service by another name.
  const auto behind =
      ParseS3Url(s3_.url + "&public_endpoint=https%3A%2F%2Fmedia.example.com&delivery=redirect");
  const S3Client client(behind, {"k", "s"});
  EXPECT_EQ(client.PresignedGetUrl("objects/a.ts", 60)
                .rfind("https://media.example.com/" + s3_.bucket + "/objects/a.ts?", 0),
            0u);
  EXPECT_THROW(ParseS3Url(s3_.url + "&delivery=teleport"), std::invalid_argument);
  EXPECT_THROW(ParseS3Url(s3_.url + "&public_endpoint=media.example.com"), std::invalid_argument);
  EXPECT_THROW(ParseS3Url(s3_.url + "&colour=blue"), std::invalid_argument);
}

TEST_F(S3BlobStoreTest, ScratchFilesACrashLeftAreSweptAtOpen) {
  const fs::path old = store_->NewTempFile();
  const fs::path young = store_->NewTempFile();
  std::ofstream(old) << "half an upload";
  std::ofstream(young) << "an upload in progress elsewhere";
  fs::last_write_time(old, fs::file_time_type::clock::now() - std::chrono::hours(2));
  const auto reopened = OpenBlobStore(s3_.url);
  EXPECT_FALSE(fs::exists(old));
  EXPECT_TRUE(fs::exists(young));
  fs::remove(young);
}

// Wrong keys and a missing bucket are an operator's mistake, refused at open; S3 out of reach
// is an outage, which must not keep the server from starting (what needs no storage goes on):
// the store opens, and what needs S3 is UNAVAILABLE until it is back.
TEST_F(S3BlobStoreTest, WrongKeysAndAMissingBucketAreSaidAtOpenAnOutageIsNot) {
  const std::string url = s3_.url;
  ::setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret", 1);
  try {
    OpenBlobStore(url);
    ADD_FAILURE() << "wrong keys were accepted";
  } catch (const S3Error& e) {
    EXPECT_EQ(e.code(), "AccessDenied") << e.what();
  }
  s3_.ExportKeys();
  std::string missing = url;
  missing.replace(0, ("s3://" + s3_.bucket).size(), "s3://no-such-bucket");
  try {
    OpenBlobStore(missing);
    ADD_FAILURE() << "a missing bucket was accepted";
  } catch (const S3Error& e) {
    EXPECT_EQ(e.code(), "NoSuchBucket") << e.what();
  }
  const auto unreachable =
      OpenBlobStore("s3://" + s3_.bucket + "?endpoint=http://127.0.0.1:1&region=us-east-1");
  try {
    unreachable->OpenBlob(std::string(64, 'a'));
    ADD_FAILURE() << "read from no server";
  } catch (const ErrorException& e) {
    EXPECT_EQ(e.error().kind, errors::kUnavailable) << e.what();
  }
  EXPECT_THROW(OpenBlobStore("s3://Bad_Bucket?endpoint=http://127.0.0.1:1"), std::invalid_argument);
  EXPECT_THROW(OpenBlobStore("s3://" + s3_.bucket + "?region=us-east-1"), std::invalid_argument);
}

// The URL alone, no server: an operator's typo is refused with what is wrong.
TEST(S3UrlTest, StallSecondsSetsHowLongASilentServerIsWaitedFor) {
  const std::string base = "s3://media?endpoint=http%3A%2F%2F127.0.0.1%3A9000";
  EXPECT_EQ(ParseS3Url(base).timeouts.stall, std::chrono::seconds(30));
  EXPECT_EQ(ParseS3Url(base + "&stall_seconds=2").timeouts.stall, std::chrono::seconds(2));
  for (const char* bad : {"0", "601", "-1", "2s", ""}) {
    EXPECT_THROW(ParseS3Url(base + "&stall_seconds=" + bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace platform::blob
