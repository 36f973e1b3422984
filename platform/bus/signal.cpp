#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <mutex>
#include <optional>

#include "platform/bus/bus.hpp"

namespace platform::bus {

namespace asio = boost::asio;

// Shared by the waiting coroutine and the bus handler, which may run on another thread.
struct Signal::State {
  std::mutex mutex;
  bool fired = false;
  std::optional<asio::steady_timer> timer;  // while someone waits
};

asio::awaitable<std::unique_ptr<Signal>> Signal::Listen(Bus& bus, std::string topic) {
  auto state = std::make_shared<State>();
  Handler wake = [weak = std::weak_ptr<State>(state)](const Message&) {
    auto s = weak.lock();
    if (!s) return;
    std::lock_guard lock(s->mutex);
    s->fired = true;
    if (s->timer) {
      asio::post(s->timer->get_executor(), [s] {
        std::lock_guard inner(s->mutex);
        if (s->timer) s->timer->cancel();
      });
    }
  };
  Subscription subscription = co_await bus.Subscribe(std::move(topic), std::move(wake));
  co_return std::unique_ptr<Signal>(new Signal(std::move(state), std::move(subscription)));
}

Signal::Signal(std::shared_ptr<State> state, Subscription subscription)
    : state_(std::move(state)), subscription_(std::move(subscription)) {}

Signal::~Signal() = default;

asio::awaitable<bool> Signal::Wait(std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->fired) co_return true;
    state_->timer.emplace(executor, timeout);
  }
  try {
    co_await state_->timer->async_wait(asio::use_awaitable);
  } catch (const boost::system::system_error&) {
    // cancelled by a message (or by shutdown): the flag says which
  }
  std::lock_guard lock(state_->mutex);
  state_->timer.reset();
  co_return state_->fired;
}

}  // namespace platform::bus
