#include "platform/core/ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace platform {
namespace {

TEST(Ids, NewIdIsAVersion7Uuid) {
  const std::string id = NewId();
  EXPECT_TRUE(IsUuid(id)) << id;
  EXPECT_EQ(id[14], '7');
  EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b') << id;
}

TEST(Ids, NewIdsAreUniqueAndTimeOrdered) {
  std::set<std::string> seen;
  std::string previous_prefix;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewId();
    EXPECT_TRUE(seen.insert(id).second);
    const std::string prefix = id.substr(0, 13);  // the millisecond timestamp
    EXPECT_GE(prefix, previous_prefix);
    previous_prefix = prefix;
  }
}

TEST(Ids, RandomTokenIsBase64Url) {
  const std::string t = RandomToken(32);
  EXPECT_EQ(t.size(), 43u);
  EXPECT_EQ(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_NE(RandomToken(32), t);
}

TEST(Ids, IsUuidRejectsNearMisses) {
  EXPECT_TRUE(IsUuid("0190a5c2-7d3e-7abc-8def-0123456789ab"));
  EXPECT_FALSE(IsUuid("0190a5c2-7d3e-7abc-8def-0123456789a"));
  EXPECT_FALSE(IsUuid("0190a5c2x7d3e-7abc-8def-0123456789ab"));
  EXPECT_FALSE(IsUuid("0190a5c2-7d3e-7abc-8def-0123456789ag"));
  EXPECT_FALSE(IsUuid("../../etc/passwd"));
}

}  // namespace
}  // namespace platform
