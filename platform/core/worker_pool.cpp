#include "platform/core/worker_pool.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

namespace platform {

namespace asio = boost::asio;

struct WorkerPool::Impl {
  explicit Impl(std::size_t threads) : pool(threads) {}
  asio::thread_pool pool;
};

WorkerPool::WorkerPool(std::size_t threads)
    : threads_(threads), impl_(std::make_unique<Impl>(threads)) {}

WorkerPool::~WorkerPool() {
  impl_->pool.join();
}

void WorkerPool::Post(std::function<void()> job) {
  asio::post(impl_->pool, [job = std::move(job)] {
    try {
      job();
    } catch (...) {  // nobody awaits it: a failure of cleanup work is not worth a crash
    }
  });
}

asio::awaitable<void> WorkerPool::Run(std::function<void()> job) {
  auto initiate = [this](auto handler, std::function<void()> work) {
    asio::post(impl_->pool, [handler = std::move(handler), work = std::move(work)]() mutable {
      std::exception_ptr error;
      try {
        work();
      } catch (...) {
        error = std::current_exception();
      }
      // Resume the awaiting coroutine on its own executor, not on this pool thread.
      auto executor = asio::get_associated_executor(handler);
      asio::dispatch(executor, [handler = std::move(handler), error]() mutable { handler(error); });
    });
  };
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr)>(
      initiate, asio::use_awaitable, std::move(job));
}

}  // namespace platform
