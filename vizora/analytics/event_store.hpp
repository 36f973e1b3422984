#pragma once

// Where proof-of-play events are kept. Events from every socket
// and HTTP batch go through one batched writer (one transaction per batch, at least every
// 250 ms; a bounded queue); an event whose id the organization already has is skipped, so a
// resend counts once. Record returns only once its events are committed: only then are they
// acknowledged to the player.

#include <boost/asio/awaitable.hpp>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "platform/store/batch_writer.hpp"
#include "platform/store/database.hpp"
#include "vizora/analytics/device_events.hpp"

namespace vizora::analytics {

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

  // Of these content ids, those that are not the organization's content: events naming them
  // are refused. Ids found once are remembered (an id never changes organization).
  boost::asio::awaitable<std::set<std::string>> ForeignContent(std::string organization_id,
                                                               std::set<std::string> content_ids);

  // Returns once everything recorded before is committed (tests, shutdown).
  void Flush() { writer_.Flush(); }

 private:
  platform::store::Database& db_;
  platform::store::BatchWriter<ReceivedEvent> writer_;
  std::mutex known_mutex_;
  std::unordered_set<std::string> known_content_;  // "organization/content", bounded
};

// Writes a batch: impressions and playback errors in multi-row inserts (the writer's
// transaction).
void WriteEvents(platform::store::Connection& c, std::vector<ReceivedEvent>& batch);

}  // namespace vizora::analytics
