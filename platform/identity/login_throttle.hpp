#pragma once

// Password guessing is throttled where it comes from, not where it lands. Attempts on one
// account from one address beyond `per_account_and_address` are refused (429) for that
// address alone; attempts on the account from everywhere beyond `per_account` are not
// refused but each waits, so guessing from many addresses crawls while a stranger's
// failures can never keep the owner, with the right password, out from an address of their
// own. (A refusal per account would hand anyone who knows an email address a lockout.)

#include <chrono>
#include <optional>
#include <string_view>

#include "platform/net/rate_limiter.hpp"

namespace platform::identity {

struct LoginThrottle {
  net::RateLimit per_account_and_address;
  net::RateLimit per_account;
  // The longest one attempt waits when the account's bucket is empty.
  std::chrono::milliseconds max_slowdown{2000};
};

// Before checking a password for `account` (normalized) from `address`: the 429 answer, or
// nullopt once any slowdown is over.
boost::asio::awaitable<std::optional<net::Response>> ThrottleLogin(net::RateLimiter& limiter,
                                                                   const LoginThrottle& throttle,
                                                                   std::string_view account,
                                                                   std::string_view address);

}  // namespace platform::identity
