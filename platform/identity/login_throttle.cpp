#include "platform/identity/login_throttle.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>

namespace platform::identity {

boost::asio::awaitable<std::optional<net::Response>> ThrottleLogin(net::RateLimiter& limiter,
                                                                   const LoginThrottle& throttle,
                                                                   std::string_view account,
                                                                   std::string_view address) {
  const std::string key = "login:account:" + std::string(account);
  std::optional<net::Response> refused = co_await net::RateLimited(
      limiter, key + ":from:" + std::string(address), throttle.per_account_and_address);
  if (refused) co_return refused;
  const auto decision = co_await limiter.Acquire(key, throttle.per_account);
  if (!decision.allowed) {
    boost::asio::steady_timer wait(co_await boost::asio::this_coro::executor,
                                   std::min(decision.retry_after, throttle.max_slowdown));
    co_await wait.async_wait(boost::asio::use_awaitable);
  }
  co_return std::nullopt;
}

}  // namespace platform::identity
