#pragma once

// A pool of threads for blocking work: SQLite and libpq calls, file reads, password hashing.
// The event loop never blocks on disk or database (DESIGN.md §5): it awaits the pool instead.
//
//   auto rows = co_await pool.Call([&] { return connection.Query(...); });
//
// The job runs on a pool thread; the awaiting coroutine resumes on its own executor. An
// exception thrown by the job is rethrown in the awaiting coroutine. Thread-safe.

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

namespace platform {

class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();  // waits for running jobs; queued ones still run
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::size_t size() const { return threads_; }

  // Runs `job` on the pool without waiting for it (cleanup such as deleting a temp file from
  // a destructor); an exception it throws is dropped.
  void Post(std::function<void()> job);

  // Runs `job` on the pool and resumes the caller when it is done.
  boost::asio::awaitable<void> Run(std::function<void()> job);

  template <class F>
  auto Call(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&>> {
    using R = std::invoke_result_t<F&>;
    if constexpr (std::is_void_v<R>) {
      co_await Run(std::move(fn));
    } else {
      std::optional<R> out;
      co_await Run([&] { out.emplace(fn()); });
      co_return std::move(*out);
    }
  }

 private:
  struct Impl;
  std::size_t threads_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace platform
