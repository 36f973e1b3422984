#pragma once

// The bus across instances: topics are Redis channels. One connection publishes, another
// subscribes (Redis allows nothing else on a subscribed connection); an instance subscribes
// to a channel while at least one local listener wants it, and unsubscribes after the last.
// Messages published by an instance reach its own listeners through Redis too, so every
// listener sees one order.

#include <memory>
#include <string>

#include "platform/bus/bus.hpp"

namespace platform::bus {

// Channels are "<channel_prefix><topic>" (e.g. "shop:bus:"), so products sharing one Redis
// never hear each other. Connects both connections before returning; throws
// platform::redis::RedisError.
std::unique_ptr<Bus> MakeRedisBus(const std::string& redis_url, std::string channel_prefix);

}  // namespace platform::bus
