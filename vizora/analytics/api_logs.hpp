#pragma once

// API request logs (seed §5.4 api_logs): one row per request made on an organization's behalf,
// written through a batched writer, and an hourly latency histogram per route kept in step,
// from which the latency report reads percentiles.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/store/batch_writer.hpp"

namespace vizora::analytics {

struct ApiRequest {
  std::string organization_id;
  std::optional<std::string> user_id, device_id;
  std::string method, route;  // route: the pattern, "/api/v1/devices/{id}"
  int status = 0;
  std::int64_t at = 0, duration_us = 0;
};

// Latency histogram buckets: bucket 0 holds everything under kFirstBucketUs, bucket b > 0 holds
// [kFirstBucketUs·g^(b-1), kFirstBucketUs·g^b) with g = 1.1, so a percentile read from the
// histogram is within 5 % of the true one; the last bucket holds everything above a minute.
inline constexpr std::int64_t kFirstBucketUs = 50;
inline constexpr int kLatencyBuckets = 150;
int LatencyBucket(std::int64_t duration_us);
// The value reported for a bucket: the geometric middle of its range, in milliseconds.
double BucketMillis(int bucket);

void WriteApiLogs(platform::store::Connection& c, std::vector<ApiRequest>& batch);

using ApiLogWriter = platform::store::BatchWriter<ApiRequest>;

}  // namespace vizora::analytics
