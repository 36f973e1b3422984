#pragma once

// How long a message takes on the bus, as instances experience it: every few seconds this
// instance publishes the time on a topic of its own and notes when the message comes back
// (through Redis when instances share one). /metrics exports it as bus_round_trip_seconds,
// so an operator sees a slow or stuck Redis before screens miss their publishes.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "platform/bus/bus.hpp"

namespace platform::bus {

class RoundTripProbe {
 public:
  explicit RoundTripProbe(Bus& bus, std::chrono::milliseconds every = std::chrono::seconds(5));
  ~RoundTripProbe();
  RoundTripProbe(const RoundTripProbe&) = delete;
  RoundTripProbe& operator=(const RoundTripProbe&) = delete;

  // The last round trip, or how long the probe now on its way has been gone when that is
  // longer (a bus that stopped answering shows a figure that keeps growing). 0 before any.
  double seconds() const;

 private:
  void Run();

  Bus& bus_;
  const std::chrono::milliseconds every_;
  const std::string topic_;
  std::atomic<std::int64_t> last_micros_{0};
  std::atomic<std::int64_t> outstanding_since_{0};  // steady micros; 0 when none is away
  std::mutex mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;  // protected by mutex_
  Subscription subscription_;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace platform::bus
