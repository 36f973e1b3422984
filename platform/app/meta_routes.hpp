#pragma once

// The routes every server answers the same way, for operators and tools: liveness
// (/healthz), readiness (/readyz: the database answers), Prometheus /metrics, the OpenAPI
// document of every route, and the version of the binary and its schema.

#include <cstdint>
#include <string>
#include <vector>

#include "platform/net/metrics.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"

namespace platform::app {

struct MetaInfo {
  std::string api_title;     // "Shop API"
  std::string version;       // of the binary
  std::string openapi_path;  // "/api/openapi.json"
  std::string version_path;  // "/api/v1/version"
  std::int64_t schema_version = 0;
  std::string installation_id;
  std::vector<std::string> roles;
};

// `db`, `metrics` and `router` must outlive the server.
void AddMetaRoutes(net::Router& router, store::Database& db, net::Metrics& metrics,
                   const MetaInfo& info);

}  // namespace platform::app
