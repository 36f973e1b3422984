#include "platform/core/secrets.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>
#include <vector>

#include "platform/core/ids.hpp"

namespace platform {
namespace {

namespace fs = std::filesystem;

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fs::temp_directory_path() / ("secrets_test_" + RandomToken(6)); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SecretsTest, GeneratedOnceWithOwnerOnlyPermissions) {
  const std::string first = LoadOrCreateSecret(dir_, "jwt", 32);
  EXPECT_EQ(first.size(), 43u);
  EXPECT_EQ(LoadOrCreateSecret(dir_, "jwt", 32), first);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "secrets" / "jwt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(SecretsTest, ANewDataDirectoryIsTheOwnersAloneAnExistingOneKeepsItsMode) {
  const fs::path data = dir_ / "nested" / "data";
  CreatePrivateDirectory(data);
  struct stat st {};
  ASSERT_EQ(::stat(data.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  fs::permissions(data, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec,
                  fs::perm_options::replace);
  CreatePrivateDirectory(data);
  ASSERT_EQ(::stat(data.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0750u) << "the operator's choice stands";
}

TEST_F(SecretsTest, RacingCreatorsAgree) {
  std::vector<std::string> values(8);
  std::vector<std::thread> threads;
  for (auto& v : values) threads.emplace_back([&] { v = LoadOrCreateSecret(dir_, "race", 32); });
  for (auto& t : threads) t.join();
  for (const auto& v : values) EXPECT_EQ(v, values[0]);
}

}  // namespace
}  // namespace platform
