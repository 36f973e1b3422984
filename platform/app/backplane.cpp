#include "platform/app/backplane.hpp"

#include "platform/bus/redis_bus.hpp"
#include "platform/redis/redis_rate_limiter.hpp"

namespace platform::app {

namespace {

// --rate-limits false: every request may go (load tests from one address).
class NoRateLimits final : public net::RateLimiter {
 public:
  boost::asio::awaitable<Decision> Acquire(std::string, net::RateLimit) override {
    co_return Decision{};
  }
};

}  // namespace

Backplane ConnectBackplane(const ServiceConfig& config, const ServiceIdentity& service) {
  Backplane b;
  if (!config.rate_limits) b.rate_limiter = std::make_shared<NoRateLimits>();
  if (config.redis_url.empty()) {
    if (!b.rate_limiter) b.rate_limiter = std::make_shared<net::MemoryRateLimiter>();
    b.bus = bus::MakeLocalBus();
    return b;
  }
  b.redis = redis::Client::Connect(config.redis_url);
  if (!b.rate_limiter) {
    b.rate_limiter =
        std::make_shared<redis::RedisRateLimiter>(b.redis, service.name + ":ratelimit:");
  }
  b.bus = bus::MakeRedisBus(config.redis_url, service.name + ":bus:");
  return b;
}

}  // namespace platform::app
