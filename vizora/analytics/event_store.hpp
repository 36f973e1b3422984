#pragma once

// Where proof-of-play events are kept, and the first report on them. Events from every socket
// and HTTP batch go through one batched writer (one transaction per batch, at least every
// 250 ms; a bounded queue); an event whose id the organization already has is skipped, so a
// resend counts once. Record returns only once its events are committed: only then are they
// acknowledged to the player.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/store/batch_writer.hpp"
#include "platform/store/database.hpp"
#include "vizora/analytics/device_events.hpp"

namespace vizora::analytics {

struct ContentPerformance {
  std::string content_id;
  std::int64_t impressions = 0;
  double avg_duration_ms = 0;
  double completion_rate = 0;  // 0..1
};

// One event as stored: whose it is and when it arrived.
struct ReceivedEvent {
  std::string organization_id, device_id;
  DeviceEvent event;
  std::int64_t received_at = 0;
};

class EventStore {
 public:
  explicit EventStore(platform::store::Database& db,
                      platform::store::BatchWriterOptions options = {.name = "device_events"});

  // Stores the screen's events (duplicates skipped). True once all are committed; false when
  // some could not be (the writer's queue was full, or the database failed): the player
  // keeps them and sends them again later.
  boost::asio::awaitable<bool> Record(std::string organization_id, std::string device_id,
                                      std::vector<DeviceEvent> events);

  // Impressions started in [from, to), per content item, most shown first.
  boost::asio::awaitable<std::vector<ContentPerformance>> PerformanceOfContent(
      std::string organization_id, std::int64_t from, std::int64_t to);

  // Returns once everything recorded before is committed (tests, shutdown).
  void Flush() { writer_.Flush(); }

 private:
  platform::store::Database& db_;
  platform::store::BatchWriter<ReceivedEvent> writer_;
};

// Writes a batch: impressions and playback errors in multi-row inserts (the writer's
// transaction).
void WriteEvents(platform::store::Connection& c, std::vector<ReceivedEvent>& batch);

}  // namespace vizora::analytics
