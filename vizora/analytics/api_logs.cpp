#include "vizora/analytics/api_logs.hpp"

#include <cmath>
#include <map>
#include <tuple>

#include "platform/core/clock.hpp"
#include "platform/store/sql_builder.hpp"

namespace vizora::analytics {

namespace store = platform::store;

namespace {

constexpr double kGrowth = 1.1;

struct HistogramKey {
  std::string organization_id, method, route;
  std::int64_t hour = 0;
  int bucket = 0;
  auto operator<=>(const HistogramKey&) const = default;
};

}  // namespace

int LatencyBucket(std::int64_t duration_us) {
  if (duration_us < kFirstBucketUs) return 0;
  const double b =
      std::floor(std::log(static_cast<double>(duration_us) / kFirstBucketUs) / std::log(kGrowth));
  return std::min(kLatencyBuckets - 1, 1 + static_cast<int>(b));
}

double BucketMillis(int bucket) {
  if (bucket <= 0) return kFirstBucketUs / 2 / 1000.0;
  const double low = kFirstBucketUs * std::pow(kGrowth, bucket - 1);
  return low * std::sqrt(kGrowth) / 1000.0;
}

void WriteApiLogs(store::Connection& c, std::vector<ApiRequest>& batch) {
  store::Params rows;
  rows.reserve(batch.size() * 8);
  std::map<HistogramKey, std::pair<std::int64_t, std::int64_t>> histogram;  // requests, 5xx
  for (const ApiRequest& r : batch) {
    rows.insert(rows.end(),
                {r.organization_id, r.at, r.method, r.route, std::int64_t{r.status}, r.duration_us,
                 store::Nullable(r.user_id), store::Nullable(r.device_id)});
    auto& [requests, errors] = histogram[HistogramKey{
        r.organization_id, r.method, r.route, platform::FloorTo(r.at, platform::kMillisPerHour),
        LatencyBucket(r.duration_us)}];
    ++requests;
    if (r.status >= 500) ++errors;
  }
  store::InsertRows(c,
                    "INSERT INTO api_logs (organization_id, at, method, route, status, "
                    "duration_us, user_id, device_id) VALUES ",
                    8, rows);
  store::Params buckets;
  buckets.reserve(histogram.size() * 7);
  for (const auto& [key, counts] : histogram) {
    buckets.insert(buckets.end(), {key.organization_id, key.hour, key.method, key.route,
                                   std::int64_t{key.bucket}, counts.first, counts.second});
  }
  store::InsertRows(c,
                    "INSERT INTO api_latency_hourly (organization_id, hour, method, route, "
                    "bucket, requests, server_errors) VALUES ",
                    7, buckets,
                    " ON CONFLICT (organization_id, hour, method, route, bucket) DO UPDATE SET "
                    "requests = api_latency_hourly.requests + excluded.requests, "
                    "server_errors = api_latency_hourly.server_errors + excluded.server_errors");
}

}  // namespace vizora::analytics
