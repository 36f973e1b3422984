#pragma once

// Internal to platform/net: what the server keeps of each open connection so that Stop() can
// drain it. Fields marked "loop" are touched only on the connection's event loop (one thread).

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <memory>

#include "platform/net/websocket.hpp"

namespace platform::net::detail {

// Every connection's executor is its event loop's: an io_context run by exactly one thread, so
// a connection's handlers never run concurrently (no strand needed).
using LoopExecutor = boost::asio::any_io_executor;
using TcpStream = boost::beast::tcp_stream;

struct Connection {
  explicit Connection(std::uint64_t i, LoopExecutor e) : id(i), executor(std::move(e)) {}
  const std::uint64_t id;
  const LoopExecutor executor;
  std::atomic<bool> draining{false};
  TcpStream* stream = nullptr;         // loop: set while an HTTP session owns the socket
  bool idle = false;                   // loop: waiting for the next request header
  std::weak_ptr<WebSocket> websocket;  // loop: set once upgraded
};

}  // namespace platform::net::detail
