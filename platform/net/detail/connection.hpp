#pragma once

// Internal to platform/net: what the server keeps of each open connection so that Stop() can
// drain it. Fields marked "strand" are touched only on the connection's strand.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <memory>

#include "platform/net/websocket.hpp"

namespace platform::net::detail {

// Every connection's executor is a strand of the server's io_context.
using Strand = boost::asio::any_io_executor;
using TcpStream = boost::beast::tcp_stream;

struct Connection {
  explicit Connection(std::uint64_t i, Strand s) : id(i), strand(std::move(s)) {}
  const std::uint64_t id;
  const Strand strand;
  std::atomic<bool> draining{false};
  TcpStream* stream = nullptr;         // strand: set while an HTTP session owns the socket
  bool idle = false;                   // strand: waiting for the next request header
  std::weak_ptr<WebSocket> websocket;  // strand: set once upgraded
};

}  // namespace platform::net::detail
