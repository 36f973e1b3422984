// Backups and restore as docs/OPERATIONS.md ("Backups and restore") tells an operator to do
// them, tried for real: pg_dump of the live database, then the bucket copied to a directory
// with s3cmd; both restored into a new database and a new bucket, and a new server on them
// has every account, item and file.

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <thread>

#include "platform/core/ids.hpp"
#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

// Runs a shell command; its exit status.
int Shell(const std::string& command) {
  return std::system((command + " >/dev/null 2>&1").c_str());
}

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(BackupAndRestore, ADumpAndABucketCopyBringBackEverything) {
  const auto s3 = FindThrowawayS3();
  if (!PostgresAdminUrl() || !s3) GTEST_SKIP() << "needs PostgreSQL and S3 (make test)";
  TempDir dir;
  const std::string database = FreshDatabaseUrl(Backend::kPostgres, dir);
  const std::string email = "backup-" + platform::RandomToken(6) + "@example.com";
  MakeImage(dir.path() / "pic.png", 200, 120);
  const std::string png = ReadBytes(dir.path() / "pic.png");
  std::string image_id;
  {
    ServerProcess live(dir.path() / "live", {"--database", database, "--storage", s3->url});
    HttpClient client(live.port());
    const auto admin = AccountFrom(client.PostJson(
        "/api/v1/auth/register",
        R"({"email":")" + email +
            R"(","password":"correct horse","firstName":"B","lastName":"K","organizationName":"Kept"})"));
    const auto uploaded = client.Send(
        {"POST",
         "/api/v1/content",
         Multipart({{"file", png, "pic.png", "image/png"}}),
         {{"Authorization", "Bearer " + admin.token},
          {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    image_id = std::string(uploaded.Json().at("content").at("id").as_string());
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(50ms)) {
      const auto item = client.Call(admin.token, "GET", "/api/v1/content/" + image_id);
      if (item.Json().at("content").at("uploadStatus") == "ready") break;
    }

    // The backup, while the server runs: the database first, then the bucket, so every blob
    // a dumped row names is already in the bucket when it is copied (blobs go up before
    // their rows commit, and none is deleted within an hour of its last use).
    ASSERT_EQ(Shell("pg_dump --format=custom --file=" + (dir.path() / "vizora.dump").string() +
                    " '" + database + "'"),
              0);
    std::filesystem::create_directories(dir.path() / "bucket");
    s3->S3cmd("sync --quiet s3://" + s3->bucket + "/ " + (dir.path() / "bucket").string() + "/");
  }
  ASSERT_GT(FilesUnder(dir.path() / "bucket"), 0u);

  // The restore: a new database and a new bucket, as after losing both.
  const std::string restored_database = FreshDatabaseUrl(Backend::kPostgres, dir);
  ASSERT_EQ(Shell("pg_restore --no-owner --dbname='" + restored_database + "' " +
                  (dir.path() / "vizora.dump").string()),
            0);
  const std::string bucket = "restored-" + platform::HexEncode(platform::RandomBytes(4));
  s3->S3cmd("mb s3://" + bucket);
  s3->S3cmd("sync --quiet " + (dir.path() / "bucket").string() + "/ s3://" + bucket + "/");
  std::string url = s3->url;
  url.replace(5, s3->bucket.size(), bucket);  // s3://BUCKET?…
  ServerProcess restored(dir.path() / "restored",
                         {"--database", restored_database, "--storage", url});
  HttpClient client(restored.port());
  const auto login = client.PostJson("/api/v1/auth/login",
                                     R"({"email":")" + email + R"(","password":"correct horse"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const auto admin = AccountFrom(login);
  const auto item = client.Call(admin.token, "GET", "/api/v1/content/" + image_id);
  ASSERT_EQ(item.status, 200) << item.body;
  EXPECT_EQ(item.Json().at("content").at("uploadStatus"), "ready");
  const auto file = client.Call(admin.token, "GET", "/api/v1/content/" + image_id + "/file");
  EXPECT_EQ(file.status, 200);
  EXPECT_TRUE(file.body == png) << "the file's bytes, from the restored bucket";
  EXPECT_EQ(client.Call(admin.token, "GET", "/api/v1/content/" + image_id + "/thumbnail").status,
            200);
  s3->S3cmd("rb --recursive --force s3://" + bucket);
}

}  // namespace
