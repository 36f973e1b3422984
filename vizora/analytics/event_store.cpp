#include "vizora/analytics/event_store.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "platform/core/clock.hpp"
#include "platform/store/sql_builder.hpp"

namespace vizora::analytics {

namespace asio = boost::asio;
using asio::awaitable;
using platform::store::Connection;
using platform::store::Nullable;
using platform::store::Params;

namespace {

// Rows per INSERT statement: within SQLite's and PostgreSQL's limits on bound parameters.
constexpr std::size_t kRowsPerStatement = 500;

std::string ValuesList(std::size_t rows, std::size_t columns) {
  std::string sql;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += (r ? ", (" : "(") + platform::store::Placeholders(1 + r * columns, columns) + ")";
  }
  return sql;
}

// Inserts `rows` (each `columns` values long, flattened in `params`) in statements of at most
// kRowsPerStatement rows.
void InsertRows(Connection& c, std::string_view head, std::string_view tail, std::size_t columns,
                const Params& params) {
  const std::size_t rows = params.size() / columns;
  for (std::size_t first = 0; first < rows; first += kRowsPerStatement) {
    const std::size_t count = std::min(kRowsPerStatement, rows - first);
    Params chunk(params.begin() + static_cast<long>(first * columns),
                 params.begin() + static_cast<long>((first + count) * columns));
    c.Execute(std::string(head) + ValuesList(count, columns) + std::string(tail), chunk);
  }
}

}  // namespace

void WriteEvents(Connection& c, std::vector<ReceivedEvent>& batch) {
  Params impressions, errors;
  for (const ReceivedEvent& r : batch) {
    if (const auto* i = std::get_if<Impression>(&r.event)) {
      impressions.insert(
          impressions.end(),
          {r.organization_id, i->id, r.device_id, i->content_id, Nullable(i->playlist_id),
           i->started_at, i->duration_ms, std::int64_t{i->completed ? 1 : 0}, r.received_at});
    } else {
      const auto& e = std::get<PlaybackError>(r.event);
      errors.insert(errors.end(), {r.organization_id, e.id, r.device_id, Nullable(e.content_id),
                                   e.error_type, e.error_message, e.occurred_at, r.received_at});
    }
  }
  InsertRows(c,
             "INSERT INTO impressions (organization_id, id, device_id, content_id, playlist_id, "
             "started_at, duration_ms, completed, received_at) VALUES ",
             " ON CONFLICT (organization_id, id) DO NOTHING", 9, impressions);
  InsertRows(c,
             "INSERT INTO playback_errors (organization_id, id, device_id, content_id, "
             "error_type, error_message, occurred_at, received_at) VALUES ",
             " ON CONFLICT (organization_id, id) DO NOTHING", 8, errors);
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

awaitable<std::vector<ContentPerformance>> EventStore::PerformanceOfContent(
    std::string organization_id, std::int64_t from, std::int64_t to) {
  co_return co_await db_.Read([&](Connection& c) {
    std::vector<ContentPerformance> report;
    for (const auto& r :
         c.Query("SELECT content_id, COUNT(*), CAST(AVG(duration_ms) AS DOUBLE PRECISION), "
                 "CAST(AVG(completed) AS DOUBLE PRECISION) FROM impressions "
                 "WHERE organization_id = $1 AND started_at >= $2 AND started_at < $3 "
                 "GROUP BY content_id ORDER BY COUNT(*) DESC, content_id",
                 {organization_id, from, to})) {
      report.push_back({.content_id = r.Text(0),
                        .impressions = r.Int(1),
                        .avg_duration_ms = r.Real(2),
                        .completion_rate = r.Real(3)});
    }
    return report;
  });
}

}  // namespace vizora::analytics
