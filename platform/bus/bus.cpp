#include "platform/bus/bus.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace platform::bus {

Subscription SubscribeBlocking(Bus& bus, std::string topic, Handler handler) {
  boost::asio::io_context io;
  auto subscribed = boost::asio::co_spawn(io, bus.Subscribe(std::move(topic), std::move(handler)),
                                          boost::asio::use_future);
  io.run();  // until the subscription is confirmed (the coroutine holds the context's work)
  return subscribed.get();
}

}  // namespace platform::bus
