// Collection against a real database (both backends) and a real blob store.
#include "vizora/content/blob_collector.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "platform/blob/blob_writer.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/module_database.hpp"
#include "tests/support/support.hpp"

namespace vizora::content {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using platform::store::Connection;

class CollectorTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = testing_support::OpenMigrated(database_);
    blobs_ = platform::blob::OpenBlobStore("file://" + (dir_.path() / "blobs").string());
    testing_support::AddOrganization(*db_, org_);
  }

  // A blob written two hours ago.
  std::string OldBlob(const std::string& bytes) {
    platform::blob::BlobWriter writer(*blobs_);
    writer.Append(bytes);
    const auto info = writer.Commit();
    fs::last_write_time(*blobs_->LocalPath(info.sha256),
                        fs::file_time_type::clock::now() - std::chrono::hours(2));
    return info.sha256;
  }

  std::string AddContent(const std::string& sha256, std::optional<std::int64_t> deleted_at) {
    const std::string id = platform::NewId();
    db_->TransactBlocking([&](Connection& c) {
      c.Execute(
          "INSERT INTO contents (id, organization_id, type, title, upload_status, sha256, size, "
          "mime_type, created_at, updated_at, deleted_at) VALUES ($1, $2, 'image', 't', 'ready', "
          "$3, 1, 'image/png', 0, 0, $4)",
          {id, org_, sha256, platform::store::Nullable(deleted_at)});
    });
    return id;
  }

  std::string org_ = platform::NewId();
  std::unique_ptr<platform::store::Database> db_;
  std::unique_ptr<platform::blob::BlobStore> blobs_;
};

TEST_P(CollectorTest, UnreferencedOldBlobsGoAndReferencedOnesStay) {
  const std::string kept = OldBlob("referenced");
  const std::string thumb = OldBlob("a thumbnail");
  const std::string orphan = OldBlob("nobody's");
  const std::string young = [&] {
    platform::blob::BlobWriter writer(*blobs_);
    writer.Append("an upload whose row is not committed yet");
    return writer.Commit().sha256;
  }();
  const std::string id = AddContent(kept, std::nullopt);
  db_->TransactBlocking([&](Connection& c) {
    c.Execute(
        "INSERT INTO content_files (content_id, kind, number, sha256, size, mime_type) VALUES "
        "($1, 'thumbnail', 0, $2, 1, 'image/jpeg')",
        {id, thumb});
  });
  // Half an upload a crash cut two hours ago, and one still being written.
  const auto cut = blobs_->NewTempFile();
  std::ofstream(cut) << "half";
  std::filesystem::last_write_time(
      cut, std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
  const auto writing = blobs_->NewTempFile();
  std::ofstream(writing) << "more to come";
  const Collected done = CollectGarbage(*db_, *blobs_, {});
  EXPECT_EQ(done.removed_blobs, 1);
  EXPECT_EQ(done.removed_temps, 1);
  EXPECT_FALSE(std::filesystem::exists(cut));
  EXPECT_TRUE(std::filesystem::exists(writing));
  EXPECT_FALSE(blobs_->Find(orphan));
  EXPECT_TRUE(blobs_->Find(kept));
  EXPECT_TRUE(blobs_->Find(thumb));
  EXPECT_TRUE(blobs_->Find(young));
}

TEST_P(CollectorTest, DeletedContentIsPurgedAfterItsRetentionAndThenItsBlobs) {
  const std::int64_t now = platform::NowMillis();
  const std::string recent = OldBlob("deleted yesterday");
  const std::string old = OldBlob("deleted long ago");
  AddContent(recent, now - 24 * 3600 * 1000LL);
  const std::string gone = AddContent(old, now - 40LL * 24 * 3600 * 1000);
  const Collected done = CollectGarbage(*db_, *blobs_, {});
  EXPECT_EQ(done.purged_rows, 1);
  EXPECT_EQ(done.removed_blobs, 1);
  EXPECT_TRUE(blobs_->Find(recent)) << "still restorable";
  EXPECT_FALSE(blobs_->Find(old));
  EXPECT_TRUE(db_->ReadBlocking([&](Connection& c) {
    return c.Query("SELECT 1 FROM contents WHERE id = $1", {gone}).empty();
  }));
}

TEST_P(CollectorTest, OneQueuedCollectionAtATime) {
  db_->TransactBlocking([&](Connection& c) {
    ScheduleCollection(c, 3600s);
    ScheduleCollection(c, 3600s);
  });
  EXPECT_EQ(db_->ReadBlocking([&](Connection& c) {
    return c.Query("SELECT COUNT(*) FROM jobs WHERE queue = 'content.collect-blobs'")[0].Int(0);
  }),
            1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CollectorTest,
                         ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

}  // namespace
}  // namespace vizora::content
