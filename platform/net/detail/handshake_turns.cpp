#include "platform/net/detail/handshake_turns.hpp"

#include <boost/asio/post.hpp>

namespace platform::net::detail {

namespace asio = boost::asio;

asio::execution_context::id HandshakeTurns::id;

HandshakeTurns::HandshakeTurns(asio::execution_context& loop)
    : service(loop), loop_(static_cast<asio::io_context&>(loop)) {}

HandshakeTurns& HandshakeTurns::Of(const asio::any_io_executor& executor) {
  // Connections run on the server's loops, each an io_context of one thread.
  return asio::use_service<HandshakeTurns>(
      executor.target<asio::io_context::executor_type>()->context());
}

bool HandshakeTurns::TryTake() {
  if (left_ == 0 || !waiting_.empty()) return false;
  --left_;
  MarkCycle();
  return true;
}

void HandshakeTurns::Defer(asio::any_completion_handler<void()> step) {
  waiting_.push_back(std::move(step));
  MarkCycle();
}

void HandshakeTurns::MarkCycle() {
  if (cycle_marked_) return;
  cycle_marked_ = true;
  asio::post(loop_, [this] { OnCycle(); });
}

void HandshakeTurns::OnCycle() {
  cycle_marked_ = false;
  left_ = kPerCycle;
  while (left_ > 0 && !waiting_.empty()) {
    --left_;
    auto step = std::move(waiting_.front());
    waiting_.pop_front();
    std::move(step)();
  }
  // Steps taken in this cycle: the budget comes back at the next one.
  if (left_ < kPerCycle) MarkCycle();
}

void HandshakeTurns::shutdown() {
  waiting_.clear();
}

}  // namespace platform::net::detail
