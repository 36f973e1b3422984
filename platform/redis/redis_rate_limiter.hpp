#pragma once

// Token buckets kept in Redis, so N instances behind a load balancer enforce one limit.
// The refill and take happen atomically in one Lua script on Redis's own clock (instances'
// clocks need not agree). While Redis cannot be reached, each instance limits on its own
// (in-process buckets, so N instances allow up to N times the limit) and says so once in its
// log: requests keep being served, and logins keep being throttled.

#include <atomic>
#include <memory>

#include "platform/net/rate_limiter.hpp"
#include "platform/redis/redis_client.hpp"

namespace platform::redis {

class RedisRateLimiter final : public net::RateLimiter {
 public:
  // Buckets are Redis keys "<key_prefix><key>" (e.g. "shop:ratelimit:").
  RedisRateLimiter(std::shared_ptr<Client> client, std::string key_prefix);
  boost::asio::awaitable<Decision> Acquire(std::string key, net::RateLimit limit) override;

 private:
  std::shared_ptr<Client> client_;
  const std::string key_prefix_;
  net::MemoryRateLimiter fallback_;  // while Redis is unreachable
  std::atomic<bool> unavailable_{false};
};

}  // namespace platform::redis
