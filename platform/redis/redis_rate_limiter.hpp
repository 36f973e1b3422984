#pragma once

// Token buckets kept in Redis, so N instances behind a load balancer enforce one limit.
// The refill and take happen atomically in one Lua script on Redis's own clock (instances'
// clocks need not agree). If Redis cannot be reached, requests are let through and a warning
// is logged: availability wins over limiting while Redis is down.

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
};

}  // namespace platform::redis
