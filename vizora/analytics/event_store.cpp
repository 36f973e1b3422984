#include "vizora/analytics/event_store.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <map>
#include <unordered_map>

#include "platform/core/clock.hpp"
#include "platform/store/sql_builder.hpp"

namespace vizora::analytics {

namespace asio = boost::asio;
using asio::awaitable;
using platform::store::Connection;
using platform::store::Nullable;
using platform::store::Params;

namespace {

// One row of impressions_hourly, summed in memory first: a statement may not upsert the same
// key twice (PostgreSQL), and a batch has many impressions of the same hour, screen and item.
struct HourKey {
  std::string organization_id, device_id, content_id;
  std::int64_t hour = 0;
  auto operator<=>(const HourKey&) const = default;
};
struct HourSums {
  std::int64_t impressions = 0, shown_ms = 0, completed = 0;
};

// Adds the impressions just stored (not those skipped as resends) to their hours.
void AddToHourlyRollup(Connection& c, const std::vector<const ReceivedEvent*>& stored) {
  std::map<HourKey, HourSums> hours;
  for (const ReceivedEvent* r : stored) {
    const auto& i = std::get<Impression>(r->event);
    HourSums& sums = hours[HourKey{r->organization_id, r->device_id, i.content_id,
                                   platform::FloorTo(i.started_at, platform::kMillisPerHour)}];
    ++sums.impressions;
    sums.shown_ms += i.duration_ms;
    sums.completed += i.completed ? 1 : 0;
  }
  Params rows;
  rows.reserve(hours.size() * 7);
  for (const auto& [key, sums] : hours) {
    rows.insert(rows.end(), {key.organization_id, key.hour, key.device_id, key.content_id,
                             sums.impressions, sums.shown_ms, sums.completed});
  }
  platform::store::InsertRows(
      c,
      "INSERT INTO impressions_hourly (organization_id, hour, device_id, content_id, "
      "impressions, shown_ms, completed) VALUES ",
      7, rows,
      " ON CONFLICT (organization_id, hour, device_id, content_id) DO UPDATE SET "
      "impressions = impressions_hourly.impressions + excluded.impressions, "
      "shown_ms = impressions_hourly.shown_ms + excluded.shown_ms, "
      "completed = impressions_hourly.completed + excluded.completed");
}

}  // namespace

void WriteEvents(Connection& c, std::vector<ReceivedEvent>& batch) {
  Params impressions, errors;
  // Which impression a stored (organization, id) is: RETURNING names only the rows inserted.
  std::unordered_map<std::string, const ReceivedEvent*> by_key;
  for (const ReceivedEvent& r : batch) {
    if (const auto* i = std::get_if<Impression>(&r.event)) {
      impressions.insert(
          impressions.end(),
          {r.organization_id, i->id, r.device_id, i->content_id, Nullable(i->playlist_id),
           i->started_at, i->duration_ms, std::int64_t{i->completed ? 1 : 0}, r.received_at});
      by_key.emplace(r.organization_id + '/' + i->id, &r);
    } else {
      const auto& e = std::get<PlaybackError>(r.event);
      errors.insert(errors.end(), {r.organization_id, e.id, r.device_id, Nullable(e.content_id),
                                   e.error_type, e.error_message, e.occurred_at, r.received_at});
    }
  }
  const platform::store::Rows inserted = platform::store::InsertRows(
      c,
      "INSERT INTO impressions (organization_id, id, device_id, content_id, playlist_id, "
      "started_at, duration_ms, completed, received_at) VALUES ",
      9, impressions,
      " ON CONFLICT (organization_id, id) DO NOTHING RETURNING organization_id, id");
  std::vector<const ReceivedEvent*> stored;
  stored.reserve(inserted.size());
  for (const auto& row : inserted) {
    auto it = by_key.find(row.Text(0) + '/' + row.Text(1));
    if (it != by_key.end() && it->second != nullptr) {
      stored.push_back(it->second);
      it->second = nullptr;  // the same event twice in one batch is stored once
    }
  }
  AddToHourlyRollup(c, stored);
  platform::store::InsertRows(c,
                              "INSERT INTO playback_errors (organization_id, id, device_id, "
                              "content_id, error_type, error_message, occurred_at, received_at) "
                              "VALUES ",
                              8, errors, " ON CONFLICT (organization_id, id) DO NOTHING");
}

EventStore::EventStore(platform::store::Database& db, platform::store::BatchWriterOptions options)
    : db_(db), writer_(db, WriteEvents, std::move(options)) {}

awaitable<bool> EventStore::Record(std::string organization_id, std::string device_id,
                                   std::vector<DeviceEvent> events) {
  if (events.empty()) co_return true;
  // The coroutine waits for the writer's completions: the last one resumes it, on its own
  // executor (posted, never run inside the initiation).
  auto initiate = [this, &organization_id, &device_id, &events](auto handler) {
    using Handler = std::decay_t<decltype(handler)>;
    struct Waiting {
      explicit Waiting(Handler h, std::size_t n) : handler(std::move(h)), remaining(n) {}
      Handler handler;
      std::atomic<std::size_t> remaining;
      std::atomic<bool> all_committed{true};
    };
    auto waiting = std::make_shared<Waiting>(std::move(handler), events.size());
    const auto one_done = [waiting](bool committed) {
      if (!committed) waiting->all_committed = false;
      if (waiting->remaining.fetch_sub(1) != 1) return;
      auto executor = asio::get_associated_executor(waiting->handler);
      asio::post(executor,
                 [waiting] { std::move(waiting->handler)(waiting->all_committed.load()); });
    };
    const std::int64_t now = platform::NowMillis();
    for (DeviceEvent& event : events) {
      ReceivedEvent received{organization_id, device_id, std::move(event), now};
      if (!writer_.Push(std::move(received), one_done)) one_done(false);
    }
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(bool)>(
      initiate, asio::use_awaitable);
}

awaitable<std::set<std::string>> EventStore::ForeignContent(std::string organization_id,
                                                            std::set<std::string> content_ids) {
  constexpr std::size_t kMaxKnown = 100'000;
  {
    std::lock_guard lock(known_mutex_);
    std::erase_if(content_ids, [&](const std::string& id) {
      return known_content_.contains(organization_id + '/' + id);
    });
  }
  if (content_ids.empty()) co_return content_ids;
  const std::vector<std::string> found = co_await db_.Read([&](Connection& c) {
    Params params{organization_id};
    params.insert(params.end(), content_ids.begin(), content_ids.end());
    std::vector<std::string> ids;
    for (const auto& row :
         c.Query("SELECT id FROM contents WHERE organization_id = $1 AND id IN (" +
                     platform::store::Placeholders(2, content_ids.size()) + ")",
                 params)) {
      ids.push_back(row.Text(0));
    }
    return ids;
  });
  std::lock_guard lock(known_mutex_);
  if (known_content_.size() + found.size() > kMaxKnown) known_content_.clear();
  for (const auto& id : found) {
    known_content_.insert(organization_id + '/' + id);
    content_ids.erase(id);
  }
  co_return content_ids;
}

}  // namespace vizora::analytics
