#pragma once

// How long the next read of a request body may wait: a minimum-rate rule (as Apache's
// mod_reqtimeout has). A client gets `grace`, plus a second for every `min_rate` bytes it has
// sent, counting only the time spent waiting for it (not the handler's, which may be slow on
// its own account), and never more than `stall` for one read. A body trickled a byte at a
// time is cut off after about `grace`, freeing its connection; one sent at min_rate or faster
// never is.

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace platform::net::detail {

class BodyPace {
 public:
  using Duration = std::chrono::steady_clock::duration;

  BodyPace(std::chrono::milliseconds grace, std::size_t min_bytes_per_second,
           std::chrono::milliseconds stall)
      : allowance_(grace),
        min_rate_(std::max<std::size_t>(min_bytes_per_second, 1)),
        stall_(stall) {}

  // Zero when the client is already out of time.
  Duration NextWait() const { return std::clamp<Duration>(allowance_, Duration::zero(), stall_); }

  void Record(std::size_t bytes, Duration waited) {
    allowance_ -= waited;
    allowance_ += std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(static_cast<double>(bytes) / static_cast<double>(min_rate_)));
  }

 private:
  Duration allowance_;
  const std::size_t min_rate_;
  const Duration stall_;
};

}  // namespace platform::net::detail
