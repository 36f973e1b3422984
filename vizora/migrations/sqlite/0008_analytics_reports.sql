-- Module: analytics (reports and retention). Hourly rollups are kept in step with the detail
-- they sum, in the transaction that stores it, and outlive it: reports read whole hours from
-- them and only the partial hours at a range's ends from the detail. `hour` is the start of a
-- UTC hour in epoch milliseconds.
CREATE TABLE impressions_hourly (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  hour BIGINT NOT NULL,
  device_id TEXT NOT NULL,
  content_id TEXT NOT NULL,
  impressions BIGINT NOT NULL,
  shown_ms BIGINT NOT NULL,
  completed BIGINT NOT NULL,
  PRIMARY KEY (organization_id, hour, device_id, content_id)
);

-- Time a screen was connected and beating, credited to the hour of each heartbeat: a beat
-- covers the time since the previous one (or since the connection opened), at most two
-- heartbeat intervals, so a screen that went silent is not counted as up.
CREATE TABLE device_uptime_hourly (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  hour BIGINT NOT NULL,
  device_id TEXT NOT NULL,
  online_ms BIGINT NOT NULL,
  heartbeats BIGINT NOT NULL,
  PRIMARY KEY (organization_id, hour, device_id)
);

-- One row per API request made on an organization's behalf (a user or a screen), for the
-- latency report. `route` is the pattern ("/api/v1/devices/{id}"), not the path.
CREATE TABLE api_logs (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  status INTEGER NOT NULL,
  duration_us BIGINT NOT NULL,
  user_id TEXT,
  device_id TEXT
);
CREATE INDEX api_logs_organization_at ON api_logs (organization_id, at);

-- API latency per route and hour as a histogram (bucket b: see analytics/api_logs.hpp), from
-- which the report reads percentiles over any range without the detail.
CREATE TABLE api_latency_hourly (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  hour BIGINT NOT NULL,
  method TEXT NOT NULL,
  route TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  requests BIGINT NOT NULL,
  server_errors BIGINT NOT NULL,
  PRIMARY KEY (organization_id, hour, method, route, bucket)
);
