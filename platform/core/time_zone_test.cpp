#include "platform/core/time_zone.hpp"

#include <gtest/gtest.h>

namespace platform {
namespace {

TEST(TimeZone, KnowsIanaNamesAndLinksAndNothingElse) {
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_TRUE(IsKnownTimeZone("Europe/Paris"));
  EXPECT_TRUE(IsKnownTimeZone("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(IsKnownTimeZone("US/Eastern"));  // a link
  EXPECT_FALSE(IsKnownTimeZone(""));
  EXPECT_FALSE(IsKnownTimeZone("Mars/Olympus"));
  EXPECT_FALSE(IsKnownTimeZone("../../etc/passwd"));
  EXPECT_FALSE(IsKnownTimeZone(std::string(200, 'A')));
}

}  // namespace
}  // namespace platform
