#include "platform/app/backplane.hpp"

#include "platform/bus/redis_bus.hpp"
#include "platform/redis/redis_rate_limiter.hpp"

namespace platform::app {

Backplane ConnectBackplane(const ServiceConfig& config, const ServiceIdentity& service) {
  Backplane b;
  if (config.redis_url.empty()) {
    b.rate_limiter = std::make_shared<net::MemoryRateLimiter>();
    b.bus = bus::MakeLocalBus();
    return b;
  }
  b.redis = redis::Client::Connect(config.redis_url);
  b.rate_limiter = std::make_shared<redis::RedisRateLimiter>(b.redis, service.name + ":ratelimit:");
  b.bus = bus::MakeRedisBus(config.redis_url, service.name + ":bus:");
  return b;
}

}  // namespace platform::app
