#pragma once

// Keeps a Freshness in step across instances (DESIGN.md "Reads are cached"): each Invalidate
// here is published on `topic`, and one published by another instance advances it here. The
// bus is the product's backplane: in-process alone, Redis pub/sub when configured, so an
// instance serves another's stale entry only until the message arrives (or the ttl passes).

#include <string>

#include "platform/bus/bus.hpp"
#include "platform/cache/read_cache.hpp"

namespace platform::cache {

// At start-up, before serving: returns once subscribed; invalidations are shared while the
// subscription lives. `bus` and `freshness` must outlive it.
bus::Subscription ShareInvalidations(Freshness& freshness, bus::Bus& bus, std::string topic);

}  // namespace platform::cache
