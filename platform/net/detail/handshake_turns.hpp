#pragma once

// Internal to platform/net: how many handshake steps (a WebSocket upgrade, a socket's first
// message) one event loop starts per cycle of its queue.
//
// When thousands of screens come back at once (a restart), their upgrades and hellos arrive
// in clumps, and a loop that took each clump whole made every request queued behind it wait:
// a health probe on a keep-alive connection waited 100–250 ms. With a budget per cycle, the
// steps beyond it wait for the next cycle, behind what became ready meanwhile (that probe),
// while a loop with nothing else to do still runs them back to back. A cycle ends when a
// marker posted to the loop runs, i.e. once everything queued before it has run.
//
// One per loop (an Asio service of its io_context), used only on that loop's thread.

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <deque>

namespace platform::net::detail {

class HandshakeTurns final : public boost::asio::execution_context::service {
 public:
  using key_type = HandshakeTurns;
  static boost::asio::execution_context::id id;
  static constexpr std::size_t kPerCycle = 16;

  explicit HandshakeTurns(boost::asio::execution_context& loop);
  // The turns of the loop an executor of a connection runs on.
  static HandshakeTurns& Of(const boost::asio::any_io_executor& executor);

  // True when a step may start now (it is counted).
  bool TryTake();
  // Runs `step` on the loop in a later cycle, in the order asked (after TryTake said no).
  void Defer(boost::asio::any_completion_handler<void()> step);
  // The same for a coroutine: `co_await turns.Wait(asio::use_awaitable)`.
  template <class Token>
  auto Wait(Token&& token) {
    return boost::asio::async_initiate<Token, void()>(
        [this](auto handler) { Defer(std::move(handler)); }, token);
  }

 private:
  void shutdown() override;
  void MarkCycle();
  void OnCycle();

  boost::asio::io_context& loop_;
  std::size_t left_ = kPerCycle;
  bool cycle_marked_ = false;
  std::deque<boost::asio::any_completion_handler<void()>> waiting_;
};

}  // namespace platform::net::detail
