#pragma once

// Runs one awaitable to completion on a test's io_context and returns its result (or throws
// what it threw).

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace testing_support {

template <class T>
T RunToCompletion(boost::asio::io_context& io, boost::asio::awaitable<T> task) {
  auto future = boost::asio::co_spawn(io, std::move(task), boost::asio::use_future);
  io.run();
  io.restart();
  return future.get();
}

}  // namespace testing_support
