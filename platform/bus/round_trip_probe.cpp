#include "platform/bus/round_trip_probe.hpp"

#include <algorithm>
#include <string>

#include "platform/core/ids.hpp"

namespace platform::bus {

namespace {

std::int64_t SteadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RoundTripProbe::RoundTripProbe(Bus& bus, std::chrono::milliseconds every)
    : bus_(bus), every_(every), topic_("probe:" + RandomToken(8)) {
  subscription_ = SubscribeBlocking(bus_, topic_, [this](const Message& message) {
    const std::int64_t sent = std::stoll(*message);
    last_micros_ = SteadyMicros() - sent;
    // Any probe sent since the one that is away came back: the bus works again (a lost
    // message must not keep the figure growing).
    std::int64_t away = outstanding_since_;
    while (away != 0 && away <= sent && !outstanding_since_.compare_exchange_weak(away, 0)) {
    }
  });
  thread_ = std::thread([this] { Run(); });
}

RoundTripProbe::~RoundTripProbe() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  thread_.join();
}

double RoundTripProbe::seconds() const {
  std::int64_t micros = last_micros_;
  if (const std::int64_t since = outstanding_since_; since != 0) {
    micros = std::max(micros, SteadyMicros() - since);
  }
  return static_cast<double>(micros) / 1e6;
}

void RoundTripProbe::Run() {
  std::unique_lock lock(mutex_);
  do {
    const std::int64_t now = SteadyMicros();
    // A probe still away keeps its start, so the figure grows while the bus is stuck.
    std::int64_t expected = 0;
    outstanding_since_.compare_exchange_strong(expected, now);
    bus_.Publish(topic_, std::to_string(now));
  } while (!stop_.wait_for(lock, every_, [this] { return stopping_; }));
}

}  // namespace platform::bus
