#include "platform/net/socket_deadlines.hpp"

#include <vector>

namespace platform::net {

namespace {
constexpr std::chrono::milliseconds kSweepEvery{250};
}

SocketDeadlines::SocketDeadlines(std::chrono::milliseconds limit, std::uint16_t close_code,
                                 std::string reason)
    : limit_(limit),
      close_code_(close_code),
      reason_(std::move(reason)),
      sweeper_([this] { SweepLoop(); }) {}

SocketDeadlines::~SocketDeadlines() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  sweeper_.join();
}

void SocketDeadlines::Track(const std::shared_ptr<WebSocket>& socket) {
  std::lock_guard lock(mutex_);
  waiting_[socket->id()] = {socket, std::chrono::steady_clock::now() + limit_};
}

void SocketDeadlines::Met(std::uint64_t socket_id) {
  std::lock_guard lock(mutex_);
  waiting_.erase(socket_id);
}

void SocketDeadlines::SweepLoop() {
  std::unique_lock lock(mutex_);
  while (!stop_.wait_for(lock, kSweepEvery, [this] { return stopping_; })) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<WebSocket>> late;
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      auto socket = it->second.first.lock();
      if (!socket || it->second.second <= now) {
        if (socket) late.push_back(std::move(socket));
        it = waiting_.erase(it);
      } else {
        ++it;
      }
    }
    lock.unlock();
    for (const auto& socket : late) socket->Close(close_code_, reason_);
    late.clear();  // the last reference to a socket may go here: not under our lock
    lock.lock();
  }
}

}  // namespace platform::net
