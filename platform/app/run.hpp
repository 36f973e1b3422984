#pragma once

// The end of every product's Serve(): start the server, say where it listens (a log line that
// supervisors and tests wait for, and one line for people), serve until SIGINT or SIGTERM,
// then drain in-flight requests and sockets (HttpServer::Stop) and flush the log.

#include <chrono>
#include <cstdint>

#include "platform/app/service_config.hpp"
#include "platform/net/server.hpp"
#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"

namespace platform::app {

struct StartInfo {
  std::chrono::steady_clock::time_point started;  // when the process began starting
  std::int64_t schema_version = 0;
};

// Returns the exit code (0) once drained.
int ServeUntilSignal(net::HttpServer& server, const ServiceConfig& config,
                     const ServiceIdentity& service, store::Database& db, const StartInfo& info);

// The migrate command's answer: {"applied":[…],"schemaVersion":N}, on stdout.
int PrintMigrationReport(const store::MigrationReport& report);

}  // namespace platform::app
