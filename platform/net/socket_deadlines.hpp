#pragma once

// Sockets that must do something within a time limit (say hello after opening): one sweep
// thread checks all of them once a second and closes the late ones, instead of a timer per
// socket (memory per idle socket is what bounds how many one machine holds).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "platform/net/websocket.hpp"

namespace platform::net {

class SocketDeadlines {
 public:
  SocketDeadlines(std::chrono::milliseconds limit, std::uint16_t close_code, std::string reason);
  ~SocketDeadlines();
  SocketDeadlines(const SocketDeadlines&) = delete;
  SocketDeadlines& operator=(const SocketDeadlines&) = delete;

  // Starts the clock for this socket; it is closed with close_code unless Met in time.
  void Track(const std::shared_ptr<WebSocket>& socket);
  // The socket did it in time, or is gone.
  void Met(std::uint64_t socket_id);

 private:
  void SweepLoop();

  const std::chrono::milliseconds limit_;
  const std::uint16_t close_code_;
  const std::string reason_;
  std::mutex mutex_;
  std::unordered_map<std::uint64_t,
                     std::pair<std::weak_ptr<WebSocket>, std::chrono::steady_clock::time_point>>
      waiting_;
  std::condition_variable stop_;
  bool stopping_ = false;
  std::thread sweeper_;
};

}  // namespace platform::net
