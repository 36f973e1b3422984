#include "platform/cache/invalidations.hpp"

#include "platform/core/ids.hpp"

namespace platform::cache {

bus::Subscription ShareInvalidations(Freshness& freshness, bus::Bus& bus, std::string topic) {
  // Each instance signs its messages, so its own do not advance it a second time.
  const std::string instance = NewId();
  auto subscription = bus::SubscribeBlocking(bus, topic, [&freshness, instance](const auto& m) {
    if (*m != instance) freshness.Advance();
  });
  freshness.AnnounceWith([&bus, topic, instance] { bus.Publish(topic, instance); });
  return subscription;
}

}  // namespace platform::cache
