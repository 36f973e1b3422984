#pragma once

// Where proof-of-play events are kept, and the first report on them. One transaction per batch
// (a socket frame or an HTTP batch); an event whose id the organization already has is
// skipped, so a resend counts once. Only committed events are acknowledged to the player.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/store/database.hpp"
#include "vizora/analytics/device_events.hpp"

namespace vizora::analytics {

struct ContentPerformance {
  std::string content_id;
  std::int64_t impressions = 0;
  double avg_duration_ms = 0;
  double completion_rate = 0;  // 0..1
};

class EventStore {
 public:
  explicit EventStore(platform::store::Database& db) : db_(db) {}

  // Stores the screen's events (duplicates skipped) and returns once they are committed.
  boost::asio::awaitable<void> Record(std::string organization_id, std::string device_id,
                                      std::vector<DeviceEvent> events);

  // Impressions started in [from, to), per content item, most shown first.
  boost::asio::awaitable<std::vector<ContentPerformance>> PerformanceOfContent(
      std::string organization_id, std::int64_t from, std::int64_t to);

 private:
  platform::store::Database& db_;
};

}  // namespace vizora::analytics
