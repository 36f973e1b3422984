#include "vizora/analytics/reports.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "platform/core/clock.hpp"
#include "platform/core/time_zone.hpp"
#include "platform/store/sql_builder.hpp"
#include "vizora/analytics/api_logs.hpp"

namespace vizora::analytics {

namespace store = platform::store;
using boost::asio::awaitable;
using platform::kMillisPerDay;
using platform::kMillisPerHour;
using store::Connection;
using store::Row;

namespace {

struct Sums {
  std::int64_t impressions = 0, shown_ms = 0, completed = 0;
};

// How an impressions report groups: the key's columns in the rollup and in the detail, and how
// a result row's first `columns` values become the key.
template <class Key>
struct Grouping {
  std::string rollup_columns, detail_columns;
  std::size_t columns;
  Key (*key_of)(const Row&);
};

// Sums of the impressions started in [from, to), per key: whole hours from impressions_hourly,
// the partial hours at the ends from the detail.
template <class Key>
std::map<Key, Sums> SumImpressions(Connection& c, const std::string& organization_id,
                                   std::int64_t from, std::int64_t to,
                                   const Grouping<Key>& grouping) {
  std::map<Key, Sums> out;
  const auto add = [&](const store::Rows& rows) {
    for (const Row& row : rows) {
      Sums& sums = out[grouping.key_of(row)];
      sums.impressions += row.Int(grouping.columns);
      sums.shown_ms += row.Int(grouping.columns + 1);
      sums.completed += row.Int(grouping.columns + 2);
    }
  };
  const auto detail = [&](std::int64_t begin, std::int64_t end) {
    add(c.Query("SELECT " + grouping.detail_columns +
                    ", COUNT(*), CAST(SUM(duration_ms) AS BIGINT), CAST(SUM(completed) AS BIGINT) "
                    "FROM impressions WHERE organization_id = $1 AND started_at >= $2 AND "
                    "started_at < $3 GROUP BY " +
                    grouping.detail_columns,
                {organization_id, begin, end}));
  };
  const std::int64_t first_hour = platform::CeilTo(from, kMillisPerHour);
  const std::int64_t last_hour = platform::FloorTo(to, kMillisPerHour);
  if (first_hour >= last_hour) {
    detail(from, to);  // no whole hour inside
    return out;
  }
  if (from < first_hour) detail(from, first_hour);
  add(c.Query("SELECT " + grouping.rollup_columns +
                  ", CAST(SUM(impressions) AS BIGINT), CAST(SUM(shown_ms) AS BIGINT), "
                  "CAST(SUM(completed) AS BIGINT) FROM impressions_hourly WHERE organization_id = "
                  "$1 AND hour >= $2 AND hour < $3 GROUP BY " +
                  grouping.rollup_columns,
              {organization_id, first_hour, last_hour}));
  if (last_hour < to) detail(last_hour, to);
  return out;
}

// CSV cells: quoted when they hold a separator, a quote or a line break, and never taken for
// a formula by a spreadsheet (a leading =, +, - or @ gets a ').
void AppendCsvCell(std::string& out, std::string_view cell) {
  std::string text;
  if (!cell.empty() && std::string_view("=+-@").find(cell.front()) != std::string_view::npos) {
    text = "'";
  }
  text += cell;
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
}

// Reads impressions page by page (each page its own short read, on the database's threads)
// and hands out each page as CSV.
class ImpressionsCsvProducer final : public platform::net::BodyProducer {
 public:
  ImpressionsCsvProducer(store::Database& db, std::string organization_id, std::int64_t from,
                         std::int64_t to)
      : db_(db), organization_id_(std::move(organization_id)), from_(from), to_(to) {}

  awaitable<std::string_view> Next() override {
    piece_.clear();
    if (!header_sent_) {
      header_sent_ = true;
      piece_ =
          "id,startedAt,deviceId,deviceName,contentId,contentTitle,playlistId,durationMs,"
          "completed\r\n";
      co_return piece_;
    }
    if (done_) co_return std::string_view();
    const store::Rows page = co_await db_.Read([this](Connection& c) {
      store::SqlBuilder sql({organization_id_, from_, to_});
      if (after_) sql.After("i.started_at", "i.id", after_->first, after_->second, false);
      return c.Query(
          "SELECT i.id, i.started_at, i.device_id, d.nickname, i.content_id, ct.title, "
          "i.playlist_id, i.duration_ms, i.completed FROM impressions i "
          "LEFT JOIN devices d ON d.id = i.device_id AND d.organization_id = i.organization_id "
          "LEFT JOIN contents ct ON ct.id = i.content_id AND "
          "ct.organization_id = i.organization_id "
          "WHERE i.organization_id = $1 AND i.started_at >= $2 AND i.started_at < $3" +
              sql.conditions() + " ORDER BY i.started_at, i.id LIMIT " +
              std::to_string(kRowsPerPage),
          sql.params());
    });
    if (page.size() < kRowsPerPage) done_ = true;
    for (const Row& row : page) {
      AppendCsvCell(piece_, row.Text(0));
      piece_ += ',' + platform::FormatIso8601(row.Int(1)) + ',';
      AppendCsvCell(piece_, row.Text(2));
      piece_ += ',';
      AppendCsvCell(piece_, row.OptText(3).value_or(""));
      piece_ += ',';
      AppendCsvCell(piece_, row.Text(4));
      piece_ += ',';
      AppendCsvCell(piece_, row.OptText(5).value_or(""));
      piece_ += ',';
      AppendCsvCell(piece_, row.OptText(6).value_or(""));
      piece_ += ',' + std::to_string(row.Int(7)) + ',' + (row.Int(8) ? "true" : "false") + "\r\n";
    }
    if (!page.empty()) after_.emplace(page.rows.back().Int(1), page.rows.back().Text(0));
    co_return piece_;  // empty only when the last page was empty: the end
  }

 private:
  static constexpr std::size_t kRowsPerPage = 2000;
  store::Database& db_;
  const std::string organization_id_;
  const std::int64_t from_, to_;
  std::optional<std::pair<std::int64_t, std::string>> after_;
  bool header_sent_ = false, done_ = false;
  std::string piece_;
};

}  // namespace

std::vector<ContentPerformance> PerformanceOfContent(Connection& c,
                                                     const std::string& organization_id,
                                                     std::int64_t from, std::int64_t to) {
  const Grouping<std::string> by_content{"content_id", "content_id", 1,
                                         [](const Row& r) { return r.Text(0); }};
  std::vector<ContentPerformance> report;
  for (const auto& [content_id, sums] : SumImpressions(c, organization_id, from, to, by_content)) {
    if (sums.impressions == 0) continue;
    const auto n = static_cast<double>(sums.impressions);
    report.push_back({.content_id = content_id,
                      .impressions = sums.impressions,
                      .avg_duration_ms = static_cast<double>(sums.shown_ms) / n,
                      .completion_rate = static_cast<double>(sums.completed) / n});
  }
  std::stable_sort(report.begin(), report.end(),
                   [](const auto& a, const auto& b) { return a.impressions > b.impressions; });
  return report;
}

awaitable<std::vector<ContentPerformance>> Reports::PerformanceOfContent(
    std::string organization_id, std::int64_t from, std::int64_t to) {
  co_return co_await db_.Read(
      [&](Connection& c) { return analytics::PerformanceOfContent(c, organization_id, from, to); });
}

awaitable<DailyImpressions> Reports::ImpressionsPerDeviceDay(std::string organization_id,
                                                             std::int64_t from, std::int64_t to,
                                                             std::optional<std::string> time_zone) {
  co_return co_await db_.Read([&](Connection& c) {
    DailyImpressions report;
    if (time_zone) {
      report.time_zone = *time_zone;
    } else {
      const auto rows =
          c.Query("SELECT time_zone FROM organizations WHERE id = $1", {organization_id});
      report.time_zone = rows.empty() ? "UTC" : rows[0].Text(0);
    }
    const platform::TimeZone zone =
        platform::TimeZone::Find(report.time_zone).value_or(platform::TimeZone::Utc());
    // Summed per screen and local day in SQL: over each stretch of the range where the zone
    // keeps one offset (a change of daylight-saving time starts another), a day is UTC time
    // shifted by the offset, cut at multiples of 24 h. Days are keyed by their local midnight
    // as if it were UTC, which is what FormatCivilDate reads.
    using Key = std::pair<std::string, std::int64_t>;
    std::map<std::pair<std::string, std::string>, Sums> by_day;
    std::map<std::int64_t, std::string> date_of;
    for (std::int64_t at = from; at < to;) {
      const platform::TimeZone::Offset offset = zone.OffsetAt(at);
      const std::int64_t stretch_end = std::min(to, offset.end_ms);
      const auto local_day = [&](std::string_view column) {
        const std::string local =
            "(" + std::string(column) + " + (" + std::to_string(offset.offset_ms) + "))";
        return local + " - (" + local + " % " + std::to_string(kMillisPerDay) + ")";
      };
      const Grouping<Key> by_device_day{"device_id, " + local_day("hour"),
                                        "device_id, " + local_day("started_at"), 2,
                                        [](const Row& r) { return Key(r.Text(0), r.Int(1)); }};
      for (const auto& [key, sums] :
           SumImpressions(c, organization_id, at, stretch_end, by_device_day)) {
        auto [date, fresh] = date_of.try_emplace(key.second);
        if (fresh) {
          date->second = platform::FormatCivilDate(platform::TimeZone::Utc().ToCivil(key.second));
        }
        Sums& total = by_day[{key.first, date->second}];
        total.impressions += sums.impressions;
        total.shown_ms += sums.shown_ms;
      }
      at = stretch_end;
    }
    for (const auto& [key, sums] : by_day) {
      report.rows.push_back({.device_id = key.first,
                             .day = key.second,
                             .impressions = sums.impressions,
                             .shown_ms = sums.shown_ms});
    }
    return report;
  });
}

std::vector<DeviceUptime> Uptime(Connection& c, const std::string& organization_id,
                                 std::int64_t from, std::int64_t to, std::int64_t now) {
  std::vector<DeviceUptime> report;
  const std::int64_t end = std::min(to, now);
  for (const Row& r : c.Query(
           "SELECT d.id, d.nickname, COALESCE(d.paired_at, d.created_at), COALESCE(u.online, 0), "
           "COALESCE(u.beats, 0) FROM devices d LEFT JOIN (SELECT device_id, "
           "CAST(SUM(online_ms) AS BIGINT) AS online, CAST(SUM(heartbeats) AS BIGINT) AS beats "
           "FROM device_uptime_hourly WHERE organization_id = $1 AND hour >= $2 AND hour < $3 "
           "GROUP BY device_id) u ON u.device_id = d.id WHERE d.organization_id = $1 "
           "ORDER BY d.nickname, d.id",
           {organization_id, from, to})) {
    DeviceUptime row{
        .device_id = r.Text(0), .name = r.Text(1), .online_ms = r.Int(3), .heartbeats = r.Int(4)};
    // Counted from when the screen was paired: before that it could not be up.
    const std::int64_t begin = std::max(from, r.Int(2));
    row.expected_ms = std::max<std::int64_t>(0, end - begin);
    row.uptime = row.expected_ms > 0 ? std::min(1.0, static_cast<double>(row.online_ms) /
                                                         static_cast<double>(row.expected_ms))
                                     : 0.0;
    report.push_back(std::move(row));
  }
  return report;
}

awaitable<std::vector<DeviceUptime>> Reports::Uptime(std::string organization_id, std::int64_t from,
                                                     std::int64_t to, std::int64_t now) {
  co_return co_await db_.Read(
      [&](Connection& c) { return analytics::Uptime(c, organization_id, from, to, now); });
}

awaitable<std::vector<RouteLatency>> Reports::ApiLatency(std::string organization_id,
                                                         std::int64_t from, std::int64_t to) {
  co_return co_await db_.Read([&](Connection& c) {
    std::vector<RouteLatency> report;
    std::vector<std::pair<int, std::int64_t>> buckets;  // of the route being read
    const auto finish = [&] {
      if (report.empty()) return;
      RouteLatency& route = report.back();
      // Nearest rank: the bucket holding the ceil(q·n)-th fastest request.
      const auto at = [&](double q) {
        const auto rank =
            static_cast<std::int64_t>(std::ceil(q * static_cast<double>(route.requests)));
        std::int64_t seen = 0;
        for (const auto& [bucket, count] : buckets) {
          seen += count;
          if (seen >= rank) return BucketMillis(bucket);
        }
        return BucketMillis(buckets.back().first);
      };
      route.p50_ms = at(0.50);
      route.p95_ms = at(0.95);
      route.p99_ms = at(0.99);
      buckets.clear();
    };
    for (const Row& r : c.Query(
             "SELECT method, route, bucket, CAST(SUM(requests) AS BIGINT), "
             "CAST(SUM(server_errors) AS BIGINT) FROM api_latency_hourly WHERE organization_id = "
             "$1 AND hour >= $2 AND hour < $3 GROUP BY method, route, bucket "
             "ORDER BY route, method, bucket",
             {organization_id, from, to})) {
      if (report.empty() || report.back().method != r.Text(0) || report.back().route != r.Text(1)) {
        finish();
        report.push_back({.method = r.Text(0), .route = r.Text(1)});
      }
      buckets.emplace_back(static_cast<int>(r.Int(2)), r.Int(3));
      report.back().requests += r.Int(3);
      report.back().server_errors += r.Int(4);
    }
    finish();
    return report;
  });
}

platform::net::StreamedBody Reports::ImpressionsCsv(std::string organization_id, std::int64_t from,
                                                    std::int64_t to) {
  return {std::make_shared<ImpressionsCsvProducer>(db_, std::move(organization_id), from, to),
          std::nullopt};
}

}  // namespace vizora::analytics
