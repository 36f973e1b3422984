#include "platform/net/rate_limiter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace platform::net {

namespace {
constexpr std::size_t kShards = 16;
// A shard past this many buckets sweeps out the ones that have refilled (they hold no state
// worth keeping), so a flood of distinct keys cannot grow memory without end.
constexpr std::size_t kSweepAtBuckets = 8192;
}  // namespace

struct MemoryRateLimiter::Shard {
  struct Bucket {
    double tokens;
    Clock::time_point updated;
    double per_second, burst;
  };
  mutable std::mutex mutex;
  std::unordered_map<std::string, Bucket> buckets;  // guarded by mutex

  void Sweep(Clock::time_point now) {
    std::erase_if(buckets, [&](const auto& entry) {
      const Bucket& b = entry.second;
      const double elapsed = std::chrono::duration<double>(now - b.updated).count();
      return b.tokens + elapsed * b.per_second >= b.burst;
    });
  }
};

MemoryRateLimiter::MemoryRateLimiter() : shards_(std::make_unique<Shard[]>(kShards)) {}
MemoryRateLimiter::~MemoryRateLimiter() = default;

boost::asio::awaitable<RateLimiter::Decision> MemoryRateLimiter::Acquire(std::string key,
                                                                         RateLimit limit) {
  co_return Take(key, limit);
}

RateLimiter::Decision MemoryRateLimiter::Take(std::string_view key, const RateLimit& limit,
                                              Clock::time_point now) {
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(std::string(key));
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= kSweepAtBuckets) shard.Sweep(now);
    it = shard.buckets
             .emplace(std::string(key),
                      Shard::Bucket{limit.burst, now, limit.per_second, limit.burst})
             .first;
  }
  auto& bucket = it->second;
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min(limit.burst, bucket.tokens + std::max(0.0, elapsed) * limit.per_second);
  bucket.updated = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return {};
  }
  const double wait_seconds = (1 - bucket.tokens) / limit.per_second;
  return {false, std::chrono::milliseconds(static_cast<long>(std::ceil(wait_seconds * 1000)))};
}

std::size_t MemoryRateLimiter::size() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    n += shards_[i].buckets.size();
  }
  return n;
}

RateLimit ParseRateLimit(std::string_view text) {
  const auto refuse = [&]() -> RateLimit {
    throw std::invalid_argument("\"" + std::string(text) +
                                "\" is not a rate: write COUNT/PERIOD, PERIOD one of s, min, h, "
                                "day (\"20/min\")");
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return refuse();
  double count = 0;
  const auto digits = text.substr(0, slash);
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
  if (error != std::errc() || end != digits.data() + digits.size() || !(count >= 1) ||
      !std::isfinite(count)) {
    return refuse();
  }
  const auto period = text.substr(slash + 1);
  double seconds = 0;
  if (period == "s") {
    seconds = 1;
  } else if (period == "min") {
    seconds = 60;
  } else if (period == "h") {
    seconds = 3600;
  } else if (period == "day") {
    seconds = 86400;
  } else {
    return refuse();
  }
  return {.per_second = count / seconds, .burst = count};
}

boost::asio::awaitable<std::optional<Response>> RateLimited(RateLimiter& limiter, std::string key,
                                                            RateLimit limit) {
  const auto decision = co_await limiter.Acquire(std::move(key), limit);
  if (decision.allowed) co_return std::nullopt;
  const auto seconds = (decision.retry_after.count() + 999) / 1000;
  Response r = Response::FromError(Error(errors::kRateLimited, "too many requests, slow down",
                                         {{"retryAfterSeconds", seconds}}));
  r.AddHeader("Retry-After", std::to_string(seconds));
  co_return r;
}

}  // namespace platform::net
