// What a per-caller rate limit costs each request it guards (issue 18: uploads, comments,
// tweets and likes per user): one bucket taken from the in-process limiter, among 10,000
// callers' buckets. The Redis limiter (several instances) costs a round trip instead.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "platform/net/rate_limiter.hpp"

namespace {

void TakeFromOneOfManyCallersBuckets(benchmark::State& state) {
  platform::net::MemoryRateLimiter limiter;
  const auto limit = platform::net::RateLimit::PerMinute(120);
  std::vector<std::string> keys;
  for (int i = 0; i < 10'000; ++i) keys.push_back("like:user:" + std::to_string(i));
  std::size_t next = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(limiter.Take(keys[next], limit));
    next = (next + 1) % keys.size();
  }
}
BENCHMARK(TakeFromOneOfManyCallersBuckets);

}  // namespace
