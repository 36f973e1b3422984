#include "platform/cache/invalidations.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "platform/core/ids.hpp"

namespace platform::cache {

bus::Subscription ShareInvalidations(Freshness& freshness, bus::Bus& bus, std::string topic) {
  // Each instance signs its messages, so its own do not advance it a second time.
  const std::string instance = NewId();
  boost::asio::io_context io;
  auto subscribed =
      boost::asio::co_spawn(io,
                            bus.Subscribe(topic,
                                          [&freshness, instance](const bus::Message& message) {
                                            if (*message != instance) freshness.Advance();
                                          }),
                            boost::asio::use_future);
  io.run();
  auto subscription = subscribed.get();
  freshness.AnnounceWith([&bus, topic, instance] { bus.Publish(topic, instance); });
  return subscription;
}

}  // namespace platform::cache
