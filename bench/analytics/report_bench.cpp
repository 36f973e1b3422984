// Analytics at volume, without HTTP: seeds N impressions through the event store's own batch
// write (detail + hourly rollups, 5,000 per transaction, as the writer does), then times the
// reports over the whole range. Issue 8's target: content performance over 10 million
// impressions in under a second.
//
//   vizora-analytics-bench [--database URL] [--impressions N] [--screens S] [--contents C]
//
// Default: a fresh SQLite file in a temp dir, 10,000,000 impressions from 100 screens of 10
// items each shown 10 s (so 36,000 an hour: about 11.6 days).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "platform/app/database.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"
#include "tests/support/async.hpp"
#include "vizora/analytics/event_store.hpp"
#include "vizora/analytics/reports.hpp"
#include "vizora/migrations/embedded_migrations.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using platform::store::Connection;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Runs `report` five times; prints the fastest and the median.
template <class F>
void Time(const char* label, F report) {
  std::vector<double> ms;
  std::size_t rows = 0;
  for (int i = 0; i < 5; ++i) {
    const auto start = Clock::now();
    rows = report();
    ms.push_back(Seconds(start) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-44s min %8.1f ms  median %8.1f ms  (%zu rows)\n", label, ms.front(), ms[2], rows);
}

}  // namespace

int main(int argc, char** argv) {
  std::string database;
  std::int64_t impressions = 10'000'000, screens = 100, contents = 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--database") database = value;
    if (flag == "--impressions") impressions = std::stoll(value);
    if (flag == "--screens") screens = std::stoll(value);
    if (flag == "--contents") contents = std::stoll(value);
  }
  platform::log::Init(platform::log::Level::kWarn);  // not a line per migration
  std::filesystem::path dir;
  if (database.empty()) {
    dir = std::filesystem::temp_directory_path() / ("vizora-analytics-" + platform::NewId());
    database = "sqlite://" + (dir / "bench.db").string();
  }
  auto db = platform::store::Database::Open(database, {.pool_size = 2});
  platform::app::ApplyMigrations(*db, vizora::EmbeddedMigrations());
  const std::string org = platform::NewId();
  db->TransactBlocking([&](Connection& c) {
    c.Execute(
        "INSERT INTO organizations (id, name, slug, created_at, updated_at) VALUES ($1, 'Bench', "
        "$1, 0, 0)",
        {org});
  });
  std::vector<std::string> screen_ids, content_ids;
  for (std::int64_t i = 0; i < screens; ++i) screen_ids.push_back(platform::NewId());
  for (std::int64_t i = 0; i < contents; ++i) content_ids.push_back(platform::NewId());

  // Each screen plays the items in turn, 10 s each, back from now.
  const std::int64_t now = platform::NowMillis();
  const std::int64_t per_screen = impressions / screens;
  const std::int64_t first = now - per_screen * 10'000;
  constexpr std::int64_t kBatch = 5000;
  const auto seeding = Clock::now();
  std::vector<vizora::analytics::ReceivedEvent> batch;
  for (std::int64_t n = 0; n < per_screen * screens; ++n) {
    const std::int64_t slot = n / screens, screen = n % screens;
    const std::int64_t at = first + slot * 10'000;
    vizora::analytics::Impression impression{.id = platform::NewId(),
                                             .content_id = content_ids[(slot + screen) % contents],
                                             .playlist_id = std::string("bench"),
                                             .started_at = at,
                                             .duration_ms = 10'000,
                                             .completed = (n % 7) != 0};
    batch.push_back({org, screen_ids[screen], std::move(impression), at});
    if (static_cast<std::int64_t>(batch.size()) == kBatch) {
      db->TransactBlocking([&](Connection& c) { vizora::analytics::WriteEvents(c, batch); });
      batch.clear();
    }
  }
  if (!batch.empty()) {
    db->TransactBlocking([&](Connection& c) { vizora::analytics::WriteEvents(c, batch); });
  }
  const double seeded = Seconds(seeding);
  const auto rollups = db->ReadBlocking([&](Connection& c) {
    return c.Query("SELECT COUNT(*) FROM impressions_hourly WHERE organization_id = $1", {org})[0]
        .Int(0);
  });
  std::printf("%s: %lld impressions over %.1f days from %lld screens, %lld items\n",
              db->dialect() == platform::store::Dialect::kSqlite ? "SQLite" : "PostgreSQL",
              static_cast<long long>(per_screen * screens),
              static_cast<double>(now - first) / platform::kMillisPerDay,
              static_cast<long long>(screens), static_cast<long long>(contents));
  std::printf("seeded through WriteEvents in %.1f s = %.0f events/s; %lld hourly rollup rows\n",
              seeded, static_cast<double>(per_screen * screens) / seeded,
              static_cast<long long>(rollups));

  boost::asio::io_context io;
  vizora::analytics::Reports reports(*db);
  // The whole range, starting mid-hour so both ends are read from the detail.
  const std::int64_t from = first + 1'234'567, to = now + 1;
  Time("content performance (whole range)", [&] {
    return testing_support::RunToCompletion(io, reports.PerformanceOfContent(org, from, to)).size();
  });
  Time("impressions per screen per day", [&] {
    return testing_support::RunToCompletion(io,
                                            reports.ImpressionsPerDeviceDay(org, from, to, "UTC"))
        .rows.size();
  });
  Time("content performance, last 24 h", [&] {
    return testing_support::RunToCompletion(
               io, reports.PerformanceOfContent(org, now - platform::kMillisPerDay, to))
        .size();
  });
  Time("the same from the detail alone (GROUP BY)", [&] {
    return db->ReadBlocking([&](Connection& c) {
      return c
          .Query(
              "SELECT content_id, COUNT(*), CAST(AVG(duration_ms) AS DOUBLE PRECISION) FROM "
              "impressions WHERE organization_id = $1 AND started_at >= $2 AND started_at < $3 "
              "GROUP BY content_id",
              {org, from, to})
          .size();
    });
  });
  db.reset();
  if (!dir.empty()) std::filesystem::remove_all(dir);
  // The log's writer thread ends here, not in a static destructor (which aborted the process at
  // exit and lost the figures still buffered in stdout).
  platform::log::Shutdown();
  return 0;
}
