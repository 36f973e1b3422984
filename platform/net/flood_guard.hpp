#pragma once

// What one WebSocket peer may send: a burst, then a steady rate (a token bucket). Past it each
// frame is refused (the product answers with its own error frame), and a peer refused too
// many times in a row is flooding: its socket is closed (1008). Pings count as well (see
// WebSocketHandler::OnPing), since answering them costs the server as much as a message.
// Touched only on its socket's loop: no locks.

#include <algorithm>
#include <cstdint>

#include "platform/net/websocket.hpp"

namespace platform::net {

class FloodGuard {
 public:
  struct Limits {
    double per_second = 10;
    double burst = 60;
    int max_refused_in_a_row = 100;
  };
  enum class Verdict { kAllow, kRefuse, kClose };

  FloodGuard(Limits limits, std::int64_t now_ms)
      : limits_(limits), tokens_(limits.burst), last_ms_(now_ms) {}

  Verdict Take(std::int64_t now_ms) {
    tokens_ = std::min(limits_.burst, tokens_ + static_cast<double>(now_ms - last_ms_) / 1000.0 *
                                                    limits_.per_second);
    last_ms_ = now_ms;
    if (tokens_ >= 1) {
      tokens_ -= 1;
      refused_in_a_row_ = 0;
      return Verdict::kAllow;
    }
    return ++refused_in_a_row_ >= limits_.max_refused_in_a_row ? Verdict::kClose : Verdict::kRefuse;
  }

  // Take, closing `socket` (1008) the first time the verdict is kClose (frames already on
  // their way keep getting kClose, without another close).
  Verdict Admit(WebSocket& socket, std::int64_t now_ms) {
    const Verdict verdict = Take(now_ms);
    if (verdict == Verdict::kClose && !closed_) {
      closed_ = true;
      socket.Close(close_code::kPolicy, "too many messages");
    }
    return verdict;
  }

 private:
  const Limits limits_;
  double tokens_;
  std::int64_t last_ms_;
  int refused_in_a_row_ = 0;
  bool closed_ = false;
};

}  // namespace platform::net
