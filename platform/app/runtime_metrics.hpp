#pragma once

// The metrics every product exports besides requests and sockets (platform/net/metrics):
// the database pool, the bus's round trip, and the job queue (depth and outcomes, on
// instances that run workers). deploy/prometheus/alerts.yml and the Grafana dashboard in
// deploy/grafana/ read these names: rename one there too.

#include <memory>

#include "platform/bus/bus.hpp"
#include "platform/jobs/job_runner.hpp"
#include "platform/net/metrics.hpp"
#include "platform/store/database.hpp"

namespace platform::app {

class RuntimeMetrics {
 public:
  // `runner` may be null (an instance without the worker role); it must outlive this.
  RuntimeMetrics(net::Metrics& metrics, const store::Database& db, bus::Bus& bus,
                 const jobs::Runner* runner);
  ~RuntimeMetrics();

 private:
  struct Probes;
  std::unique_ptr<Probes> probes_;
};

}  // namespace platform::app
