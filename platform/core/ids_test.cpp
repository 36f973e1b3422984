#include "platform/core/ids.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace platform {
namespace {

TEST(Ids, NewIdIsAVersion7Uuid) {
  const std::string id = NewId();
  EXPECT_TRUE(IsUuid(id)) << id;
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
}

TEST(Ids, NewIdsAreStrictlyIncreasingEvenWithinAMillisecond) {
  // Thousands of ids land in the same millisecond here: each must still sort after the last.
  std::string previous;
  for (int i = 0; i < 20000; ++i) {
    const std::string id = NewId();
    ASSERT_GT(id, previous) << i;
    previous = id;
  }
}

TEST(Ids, StrictlyIncreasingAcrossThreads) {
  std::vector<std::vector<std::string>> made(4);
  std::vector<std::thread> threads;
  for (auto& ids : made) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 5000; ++i) ids.push_back(NewId());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& ids : made) {
    for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_LT(ids[i - 1], ids[i]);
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), 20000u);
}

TEST(Ids, RandomTokenIsBase64Url) {
  const std::string t = RandomToken(32);
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(RandomToken(32), t);
}

TEST(Ids, Base64IsRfc4648WithPadding) {
  // RFC 4648 §10's vectors, and the two characters base64url writes differently.
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");
}

TEST(Ids, IsUuidRejectsNearMisses) {
  EXPECT_TRUE(IsUuid("0190a5c2-7d3e-7abc-8def-0123456789ab"));
  EXPECT_FALSE(IsUuid("0190a5c2-7d3e-7abc-8def-0123456789a"));
  EXPECT_FALSE(IsUuid("0190a5c2x7d3e-7abc-8def-0123456789ab"));
  EXPECT_FALSE(IsUuid("0190a5c2-7d3e-7abc-8def-0123456789ag"));
  EXPECT_FALSE(IsUuid("../../etc/passwd"));
}

TEST(Sha256Stream, EqualsTheOneShotHashWhateverThePieces) {
  const std::string text(100'000, 'v');
  Sha256Stream stream;
  for (std::size_t at = 0; at < text.size(); at += 4093) stream.Update(text.substr(at, 4093));
  EXPECT_EQ(stream.HexDigest(), Sha256Hex(text));
  Sha256Stream empty;
  EXPECT_EQ(empty.HexDigest(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace platform
