#include "platform/app/run.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>

#include "platform/core/log.hpp"

namespace platform::app {

int ServeUntilSignal(net::HttpServer& server, const ServiceConfig& config,
                     const ServiceIdentity& service, store::Database& db, const StartInfo& info) {
  server.Start();
  const std::string host = config.listen_host.find(':') != std::string::npos
                               ? "[" + config.listen_host + "]"
                               : config.listen_host;
  const std::string url = "http://" + host + ":" + std::to_string(server.port()) + "/";
  const auto startup_us = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - info.started)
                              .count();
  log::Info("server.listening",
            {{"url", url},
             {"database", db.dialect() == store::Dialect::kSqlite ? "sqlite" : "postgres"},
             {"schemaVersion", info.schema_version},
             {"startupUs", startup_us}});
  std::cerr << service.display_name << " is running at " << url << "  (Ctrl-C stops it)"
            << std::endl;
  log::Flush();  // supervisors and tests wait for this line

  server.RunUntilSignal();
  log::Info("server.stopped");
  log::Shutdown();
  return 0;
}

int PrintMigrationReport(const store::MigrationReport& report) {
  boost::json::array applied;
  for (auto v : report.applied) applied.emplace_back(v);
  std::cout << boost::json::serialize(boost::json::object{
                   {"applied", std::move(applied)}, {"schemaVersion", report.current_version}})
            << std::endl;
  return 0;
}

}  // namespace platform::app
