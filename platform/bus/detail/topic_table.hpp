#pragma once

// Who on this instance listens to which topic. Shared by both buses: LocalBus delivers from it
// directly, RedisBus from the messages Redis hands back.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/bus/bus.hpp"

namespace platform::bus::detail {

class TopicTable {
 public:
  // Returns the id to Remove it with; `first` tells whether the topic had no listener before.
  std::uint64_t Add(const std::string& topic, Handler handler, bool& first);
  // Returns true when that was the topic's last listener.
  bool Remove(const std::string& topic, std::uint64_t id);
  // Calls every listener of `topic` (outside the lock, so a handler may subscribe).
  void Deliver(const std::string& topic, const Message& message) const;

  // Held by RedisBus around Add/Remove plus the (UN)SUBSCRIBE they imply, so the commands
  // reach Redis in the order the table changed.
  std::mutex& order() { return order_; }

 private:
  struct Listener {
    std::uint64_t id;
    Handler handler;
  };
  using Listeners = std::vector<Listener>;
  mutable std::mutex mutex_;
  std::mutex order_;
  std::uint64_t next_id_ = 1;
  // Copy-on-write, so Deliver holds the lock only to take a reference.
  std::unordered_map<std::string, std::shared_ptr<const Listeners>> topics_;
};

}  // namespace platform::bus::detail
