#include "viztube/api/rate_limits.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace viztube::api {

std::span<const NamedRateLimit> RateLimitNames() {
  static constexpr std::array<NamedRateLimit, 9> kNames = {{
      {"login-ip", &RateLimits::login_per_ip, "20/min"},
      {"login-account-ip", &RateLimits::login_per_account_and_ip, "10/min"},
      {"login-account", &RateLimits::login_per_account, "10/min"},
      {"register-ip", &RateLimits::register_per_ip, "20/h"},
      {"refresh-ip", &RateLimits::refresh_per_ip, "60/min"},
      {"upload", &RateLimits::uploads_per_user, "20/h"},
      {"comment", &RateLimits::comments_per_user, "30/min"},
      {"tweet", &RateLimits::tweets_per_user, "10/min"},
      {"like", &RateLimits::likes_per_user, "120/min"},
  }};
  return kNames;
}

RateLimits DefaultRateLimits() {
  RateLimits limits;
  for (const auto& known : RateLimitNames()) {
    limits.*known.limit = platform::net::ParseRateLimit(known.default_rate);
  }
  return limits;
}

void SetRateLimit(RateLimits& limits, std::string_view assignment) {
  const auto equals = assignment.find('=');
  const auto name = assignment.substr(0, equals);
  for (const auto& known : RateLimitNames()) {
    if (known.name != name) continue;
    if (equals == std::string_view::npos) {
      throw std::invalid_argument("--rate-limit " + std::string(name) +
                                  " wants a rate: " + std::string(name) + "=20/min");
    }
    limits.*known.limit = platform::net::ParseRateLimit(assignment.substr(equals + 1));
    return;
  }
  std::string names;
  for (const auto& known : RateLimitNames()) {
    names += (names.empty() ? "" : ", ") + std::string(known.name);
  }
  throw std::invalid_argument("--rate-limit knows " + names + ", not \"" + std::string(name) +
                              "\"");
}

}  // namespace viztube::api
