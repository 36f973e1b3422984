#pragma once

// What the composition root hands to each module's routes: the shared services of one
// running instance. Owned by Serve(); outlives the server.

#include <cstdint>
#include <string>

#include "platform/core/worker_pool.hpp"
#include "platform/net/metrics.hpp"
#include "platform/store/database.hpp"
#include "vizora/app/cli.hpp"

namespace vizora {

struct AppContext {
  const AppConfig& config;
  platform::store::Database& db;
  platform::WorkerPool& blocking;  // file reads and other blocking work that is not SQL
  platform::net::Metrics& metrics;
  std::int64_t schema_version = 0;
  std::string installation_id;
  std::string jwt_secret;  // never logged
};

}  // namespace vizora
