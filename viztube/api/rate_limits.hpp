#pragma once

// How often one address or one user may do what costs the service most: signing in, making
// accounts, uploading, commenting, tweeting, liking. 429 RATE_LIMIT with Retry-After beyond
// it; counted in Redis when --redis is given, so every instance enforces one budget.
// Each is configurable: --rate-limit comment=5/min (repeatable); --rate-limits false lifts
// them all (load tests).

#include <span>
#include <string_view>

#include "platform/net/rate_limiter.hpp"

namespace viztube::api {

// Each is set from RateLimitNames() (DefaultRateLimits), then by --rate-limit.
struct RateLimits {
  using RateLimit = platform::net::RateLimit;
  RateLimit login_per_ip, register_per_ip, refresh_per_ip;
  // One account from one address: 429 beyond it. The account from everywhere: attempts beyond
  // it wait (platform/identity/login_throttle.hpp), never refused.
  RateLimit login_per_account_and_ip, login_per_account;
  RateLimit uploads_per_user;  // videos made, and resumable uploads begun
  RateLimit comments_per_user, tweets_per_user;
  RateLimit likes_per_user;  // toggles of videos, comments and tweets, together
};

struct NamedRateLimit {
  std::string_view name;  // as --rate-limit spells it
  platform::net::RateLimit RateLimits::*limit;
  std::string_view default_rate;
};
std::span<const NamedRateLimit> RateLimitNames();
RateLimits DefaultRateLimits();

// "comment=5/min": sets that limit. Throws std::invalid_argument with a sentence naming what
// is wrong (an unknown name lists the known ones).
void SetRateLimit(RateLimits& limits, std::string_view assignment);

}  // namespace viztube::api
