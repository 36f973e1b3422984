#include "platform/core/worker_pool.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <stdexcept>
#include <thread>

namespace platform {
namespace {

namespace asio = boost::asio;

template <class T>
T RunOn(asio::io_context& io, asio::awaitable<T> task) {
  auto future = asio::co_spawn(io, std::move(task), asio::use_future);
  io.run();
  io.restart();
  return future.get();
}

TEST(WorkerPool, RunsOffTheLoopAndResumesOnIt) {
  asio::io_context io;  // first: the pool, which posts into it, must go before it
  WorkerPool pool(2);
  const auto loop_thread = std::this_thread::get_id();
  auto [job_thread, resumed_thread] =
      RunOn(io, [&]() -> asio::awaitable<std::pair<std::thread::id, std::thread::id>> {
        auto job = co_await pool.Call([] { return std::this_thread::get_id(); });
        co_return std::make_pair(job, std::this_thread::get_id());
      }());
  EXPECT_NE(job_thread, loop_thread);
  EXPECT_EQ(resumed_thread, loop_thread);
}

TEST(WorkerPool, ReturnsValuesAndPropagatesExceptions) {
  asio::io_context io;
  WorkerPool pool(1);
  EXPECT_EQ(RunOn(io, pool.Call([] { return std::string("done"); })), "done");
  EXPECT_THROW(RunOn(io, pool.Call([]() -> int { throw std::runtime_error("boom"); })),
               std::runtime_error);
}

TEST(WorkerPool, PostedJobsRunUnawaitedAndTheirFailuresAreDropped) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(2);
    pool.Post([] { throw std::runtime_error("ignored"); });
    for (int i = 0; i < 10; ++i) pool.Post([&] { ++ran; });
  }  // the destructor waits for queued jobs
  EXPECT_EQ(ran.load(), 10);
}

TEST(WorkerPool, ManyConcurrentJobsAllComplete) {
  asio::io_context io;
  WorkerPool pool(3);
  std::atomic<int> done{0};
  for (int i = 0; i < 200; ++i) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          co_await pool.Run([] {});
          ++done;
        },
        asio::detached);
  }
  io.run();
  EXPECT_EQ(done.load(), 200);
}

}  // namespace
}  // namespace platform
