#pragma once

// The reports on proof of play, screens and the API (API.md "Analytics and audit"), each for
// one organization over [from, to). Whole hours are read from the hourly rollups, which outlive
// the detail (retention), and only the partial hours at a range's ends from the detail, so a
// report over months reads thousands of rows, not millions.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/net/http.hpp"
#include "platform/store/database.hpp"

namespace vizora::analytics {

struct ContentPerformance {
  std::string content_id;
  std::int64_t impressions = 0;
  double avg_duration_ms = 0;
  double completion_rate = 0;  // 0..1
};

struct DeviceDayImpressions {
  std::string device_id;
  std::string day;  // YYYY-MM-DD on the calendar of the report's zone
  std::int64_t impressions = 0, shown_ms = 0;
};

struct DailyImpressions {
  std::string time_zone;                   // IANA: the zone whose days these are
  std::vector<DeviceDayImpressions> rows;  // by screen, then day
};

struct DeviceUptime {
  std::string device_id, name;
  std::int64_t online_ms = 0;
  std::int64_t expected_ms = 0;  // of the range, the part since the screen was paired
  std::int64_t heartbeats = 0;
  double uptime = 0;  // online / expected, 0..1
};

struct RouteLatency {
  std::string method, route;
  std::int64_t requests = 0, server_errors = 0;
  double p50_ms = 0, p95_ms = 0, p99_ms = 0;
};

// The same reports in the caller's transaction, for jobs (the weekly summary mail).
std::vector<ContentPerformance> PerformanceOfContent(platform::store::Connection& c,
                                                     const std::string& organization_id,
                                                     std::int64_t from, std::int64_t to);
std::vector<DeviceUptime> Uptime(platform::store::Connection& c, const std::string& organization_id,
                                 std::int64_t from, std::int64_t to, std::int64_t now);

class Reports {
 public:
  explicit Reports(platform::store::Database& db) : db_(db) {}

  // Impressions started in [from, to), per content item, most shown first.
  boost::asio::awaitable<std::vector<ContentPerformance>> PerformanceOfContent(
      std::string organization_id, std::int64_t from, std::int64_t to);
  // Impressions started in [from, to), per screen and day in `time_zone` (a known zone; the
  // organization's own when absent). Counted by the hour an impression started in, so in the
  // few zones whose offset is not whole hours (India, Nepal…) an impression in the half hour
  // around midnight may count on the neighbouring day.
  boost::asio::awaitable<DailyImpressions> ImpressionsPerDeviceDay(
      std::string organization_id, std::int64_t from, std::int64_t to,
      std::optional<std::string> time_zone);
  // Every screen of the organization, over the whole hours [from, to) (callers round them),
  // up to now.
  boost::asio::awaitable<std::vector<DeviceUptime>> Uptime(std::string organization_id,
                                                           std::int64_t from, std::int64_t to,
                                                           std::int64_t now);
  // Percentiles per route from the hourly latency histograms of whole hours [from, to).
  boost::asio::awaitable<std::vector<RouteLatency>> ApiLatency(std::string organization_id,
                                                               std::int64_t from, std::int64_t to);
  // Every impression started in [from, to) as CSV, oldest first, read page by page while it
  // is sent: never held whole.
  platform::net::StreamedBody ImpressionsCsv(std::string organization_id, std::int64_t from,
                                             std::int64_t to);

 private:
  platform::store::Database& db_;
};

}  // namespace vizora::analytics
