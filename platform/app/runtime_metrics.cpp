#include "platform/app/runtime_metrics.hpp"

#include "platform/bus/round_trip_probe.hpp"

namespace platform::app {

struct RuntimeMetrics::Probes {
  explicit Probes(bus::Bus& bus) : bus_round_trip(bus) {}
  bus::RoundTripProbe bus_round_trip;
};

RuntimeMetrics::RuntimeMetrics(net::Metrics& metrics, const store::Database& db, bus::Bus& bus,
                               const jobs::Runner* runner)
    : probes_(std::make_unique<Probes>(bus)) {
  metrics.AddGauge("db_pool_connections", "Database connections in the pool.",
                   [&db] { return static_cast<double>(db.pool_stats().size); });
  metrics.AddGauge("db_pool_busy", "Database connections lent to a query now.",
                   [&db] { return static_cast<double>(db.pool_stats().busy); });
  metrics.AddGauge("db_pool_waiting", "Queries waiting for a database connection.",
                   [&db] { return static_cast<double>(db.pool_stats().waiting); });
  metrics.AddGauge("bus_round_trip_seconds",
                   "How long this instance's last probe took to come back over the bus (or how "
                   "long the one away has been gone, if longer).",
                   [probes = probes_.get()] { return probes->bus_round_trip.seconds(); });
  if (runner == nullptr) return;
  metrics.AddGauge("jobs_due", "Jobs due and waiting for a worker, all instances' (counted here).",
                   [runner] { return static_cast<double>(runner->due()); });
  metrics.AddCounter("jobs_completed_total", "Jobs this instance's workers completed.",
                     [runner] { return static_cast<double>(runner->completed()); });
  metrics.AddCounter("jobs_failed_total", "Job attempts that failed on this instance's workers.",
                     [runner] { return static_cast<double>(runner->failed()); });
}

RuntimeMetrics::~RuntimeMetrics() = default;

}  // namespace platform::app
