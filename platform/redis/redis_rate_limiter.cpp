#include "platform/redis/redis_rate_limiter.hpp"

#include <string>

#include "platform/core/log.hpp"

namespace platform::redis {

namespace {

// KEYS[1] bucket; ARGV[1] refill per second; ARGV[2] burst. Returns {allowed, wait_ms}.
constexpr std::string_view kTokenBucket = R"lua(
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or burst
local ts = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) / 1000 * rate)
local allowed, wait = 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  wait = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, wait}
)lua";

}  // namespace

RedisRateLimiter::RedisRateLimiter(std::shared_ptr<Client> client, std::string key_prefix)
    : client_(std::move(client)), key_prefix_(std::move(key_prefix)) {}

boost::asio::awaitable<net::RateLimiter::Decision> RedisRateLimiter::Acquire(std::string key,
                                                                             net::RateLimit limit) {
  std::vector<std::string> command = {"EVAL",
                                      std::string(kTokenBucket),
                                      "1",
                                      key_prefix_ + key,
                                      std::to_string(limit.per_second),
                                      std::to_string(limit.burst)};
  std::string failure;
  try {
    const Reply reply = co_await client_->Command(std::move(command));
    if (reply.type == Reply::Type::kArray && reply.elements.size() == 2) {
      if (unavailable_.exchange(false)) log::Info("ratelimit.redis_back", {});
      co_return Decision{reply.elements[0].integer == 1,
                         std::chrono::milliseconds(reply.elements[1].integer)};
    }
    failure = "unexpected reply: " + reply.text;
  } catch (const RedisError& e) {
    failure = e.what();
  }
  // Once per outage, not once per request: a busy instance would flood its own log.
  if (!unavailable_.exchange(true)) {
    log::Warn("ratelimit.redis_unavailable", {{"error", failure}});
  }
  co_return fallback_.Take(key, limit);
}

}  // namespace platform::redis
