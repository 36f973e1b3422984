#pragma once

// One load under way, and the requests waiting for its result instead of loading too (a
// cache miss under load, 10,000 screens asking for one organization's manifests). Each
// waiter sleeps on its own executor; Land wakes them all with the value (nullopt: nothing to
// share, each goes its own way). Thread-safe.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace platform::cache {

template <class Value>
class Flight {
 public:
  // The landed value, or nullopt when it landed empty or `patience` ran out first.
  boost::asio::awaitable<std::optional<Value>> Wait(std::chrono::milliseconds patience) {
    auto timer = std::make_shared<boost::asio::steady_timer>(
        co_await boost::asio::this_coro::executor, patience);
    {
      const std::lock_guard lock(mutex_);
      if (landed_) co_return value_;
      waiters_.push_back(timer);
    }
    try {
      co_await timer->async_wait(boost::asio::use_awaitable);
    } catch (const boost::system::system_error&) {
      // cancelled: the load landed (or the server is stopping)
    }
    const std::lock_guard lock(mutex_);
    if (landed_) co_return value_;
    co_return std::nullopt;
  }

  void Land(std::optional<Value> value) {
    const std::lock_guard lock(mutex_);
    landed_ = true;
    value_ = std::move(value);
    // Posted to the waiter's own loop: the server's loops have one thread each, so the cancel
    // runs after the waiter's async_wait has begun, never alongside it.
    for (auto& timer : waiters_) {
      boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
    }
    waiters_.clear();
  }

 private:
  std::mutex mutex_;
  bool landed_ = false;
  std::optional<Value> value_;
  std::vector<std::shared_ptr<boost::asio::steady_timer>> waiters_;
};

}  // namespace platform::cache
