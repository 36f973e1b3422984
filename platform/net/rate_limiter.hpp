#pragma once

// Token buckets by key ("login:ip:10.0.0.7"): each holds up to `burst` tokens and refills at
// `per_second`; a request takes one or waits for the bucket. In-memory, thread-safe, sharded
// by key so two keys rarely contend. Idle full buckets are forgotten, which bounds memory.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/net/http.hpp"

namespace platform::net {

struct RateLimit {
  double per_second = 1;
  double burst = 1;
  static RateLimit PerMinute(double n) { return {n / 60.0, n}; }
  static RateLimit PerHour(double n) { return {n / 3600.0, n}; }
};

// "20/min", "5/s", "100/h", "1000/day": that many at once, refilled evenly over the period.
// Throws std::invalid_argument with a sentence for anything else (a count below 1 included).
RateLimit ParseRateLimit(std::string_view text);

// Where buckets live: in this process (MemoryRateLimiter) or shared by every instance
// (platform/redis RedisRateLimiter). Thread-safe.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  struct Decision {
    bool allowed = true;
    std::chrono::milliseconds retry_after{0};
  };
  virtual ~RateLimiter() = default;
  virtual boost::asio::awaitable<Decision> Acquire(std::string key, RateLimit limit) = 0;
};

class MemoryRateLimiter final : public RateLimiter {
 public:
  MemoryRateLimiter();
  ~MemoryRateLimiter() override;

  boost::asio::awaitable<Decision> Acquire(std::string key, RateLimit limit) override;
  Decision Take(std::string_view key, const RateLimit& limit, Clock::time_point now = Clock::now());
  std::size_t size() const;

 private:
  struct Shard;
  std::unique_ptr<Shard[]> shards_;
};

// Takes a token for `key`; when there is none, the 429 RATE_LIMIT answer (Retry-After in
// whole seconds, rounded up, and details.retryAfterSeconds).
boost::asio::awaitable<std::optional<Response>> RateLimited(RateLimiter& limiter, std::string key,
                                                            RateLimit limit);

}  // namespace platform::net
