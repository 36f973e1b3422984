#pragma once

// What instances of one service share besides the database: the bus that reaches sockets on
// other instances, and rate-limit buckets. With --redis both live in Redis under the
// service's own prefixes ("<name>:bus:", "<name>:ratelimit:"), so products sharing a Redis
// never collide; without it, both stay in this process. With --rate-limits false there are
// no limits at all.

#include <memory>

#include "platform/app/service_config.hpp"
#include "platform/bus/bus.hpp"
#include "platform/net/rate_limiter.hpp"
#include "platform/redis/redis_client.hpp"

namespace platform::app {

struct Backplane {
  std::shared_ptr<redis::Client> redis;  // null without --redis
  std::shared_ptr<net::RateLimiter> rate_limiter;
  std::unique_ptr<bus::Bus> bus;
};

// Connects to Redis when configured; throws redis::RedisError when it cannot.
Backplane ConnectBackplane(const ServiceConfig& config, const ServiceIdentity& service);

}  // namespace platform::app
