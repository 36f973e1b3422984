#include "viztube/api/rate_limits.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

namespace viztube::api {
namespace {

TEST(RateLimits, EveryLimitHasOneNameAndADefault) {
  std::set<std::string_view> names;
  const RateLimits defaults = DefaultRateLimits();
  for (const auto& known : RateLimitNames()) {
    EXPECT_TRUE(names.insert(known.name).second) << known.name;
    EXPECT_GE((defaults.*known.limit).burst, 1) << known.name;
  }
  EXPECT_EQ(names.size(), sizeof(RateLimits) / sizeof(platform::net::RateLimit))
      << "a limit without a name cannot be configured";
  EXPECT_DOUBLE_EQ(defaults.comments_per_user.burst, 30);
  EXPECT_DOUBLE_EQ(defaults.uploads_per_user.per_second, 20.0 / 3600);
}

TEST(RateLimits, AssignmentsSetOneLimitOrSayWhatIsWrong) {
  RateLimits limits = DefaultRateLimits();
  SetRateLimit(limits, "comment=5/s");
  EXPECT_DOUBLE_EQ(limits.comments_per_user.per_second, 5);
  EXPECT_DOUBLE_EQ(limits.tweets_per_user.burst, 10) << "the others stay";
  try {
    SetRateLimit(limits, "comments=5/s");
    ADD_FAILURE() << "an unknown name";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("comment, tweet"), std::string::npos) << e.what();
  }
  for (const char* bad : {"comment", "comment=", "comment=5", "comment=0/s", "=5/s"}) {
    EXPECT_THROW(SetRateLimit(limits, bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace viztube::api
