#include "platform/net/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace platform::net {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, BurstThenRefill) {
  MemoryRateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  const RateLimit limit{.per_second = 2, .burst = 3};
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("k", limit, t0).allowed) << i;
  const auto denied = limiter.Take("k", limit, t0);
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.retry_after, 500ms);
  EXPECT_FALSE(limiter.Take("k", limit, t0 + 400ms).allowed);
  EXPECT_TRUE(limiter.Take("k", limit, t0 + 1000ms).allowed);
  EXPECT_TRUE(limiter.Take("other", limit, t0).allowed);  // keys are independent
}

TEST(RateLimiter, NeverExceedsTheBurstAfterIdling) {
  MemoryRateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  const auto limit = RateLimit::PerMinute(5);
  limiter.Take("k", limit, t0);
  int allowed = 0;
  for (int i = 0; i < 20; ++i) allowed += limiter.Take("k", limit, t0 + 1h).allowed;
  EXPECT_EQ(allowed, 5);
}

TEST(RateLimiter, ForgetsRefilledBucketsUnderAFloodOfKeys) {
  MemoryRateLimiter limiter;
  const auto t0 = RateLimiter::Clock::now();
  const RateLimit limit{.per_second = 100, .burst = 1};
  for (int i = 0; i < 300'000; ++i)
    limiter.Take("ip:" + std::to_string(i), limit, t0 + std::chrono::milliseconds(i));
  EXPECT_LT(limiter.size(), 16u * 8192u + 16u);
}

TEST(RateLimiter, ParsesCountsPerPeriod) {
  EXPECT_DOUBLE_EQ(ParseRateLimit("20/min").burst, 20);
  EXPECT_DOUBLE_EQ(ParseRateLimit("20/min").per_second, 20.0 / 60);
  EXPECT_DOUBLE_EQ(ParseRateLimit("5/s").per_second, 5);
  EXPECT_DOUBLE_EQ(ParseRateLimit("36/h").per_second, 0.01);
  EXPECT_DOUBLE_EQ(ParseRateLimit("864/day").per_second, 0.01);
  for (const char* bad : {"", "20", "20/", "/min", "0/min", "-1/min", "x/min", "20/week", "20 /min",
                          "nan/min", "inf/s"}) {
    EXPECT_THROW(ParseRateLimit(bad), std::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace platform::net
