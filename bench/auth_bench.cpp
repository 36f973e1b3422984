// Microbenchmarks for what every request or login pays: verifying an access token (every
// authenticated request) and hashing a password (every login and sign-up).

#include <benchmark/benchmark.h>

#include "platform/auth/jwt.hpp"
#include "platform/auth/password.hpp"

namespace {

void VerifyAccessToken(benchmark::State& state) {
  const std::string key = "a-32-byte-signing-key-for-bench!";
  const std::string token =
      platform::auth::SignJwt({{"sub", "0190a5c2-7d3e-7abc-8def-0123456789ab"},
                               {"org", "0190a5c2-7d3e-7abc-8def-0123456789ac"},
                               {"role", "manager"},
                               {"sid", "0190a5c2-7d3e-7abc-8def-0123456789ad"},
                               {"typ", "access"},
                               {"iat", 1800000000},
                               {"exp", 1800000900}},
                              key);
  for (auto _ : state) benchmark::DoNotOptimize(platform::auth::VerifyJwt(token, key, 1800000100));
}
BENCHMARK(VerifyAccessToken);

void HashPasswordArgon2id(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(platform::auth::HashPassword("correct horse battery"));
}
BENCHMARK(HashPasswordArgon2id)->Unit(benchmark::kMillisecond)->Iterations(10);

}  // namespace

BENCHMARK_MAIN();
