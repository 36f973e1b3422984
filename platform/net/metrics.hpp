#pragma once

// Prometheus metrics: request counts and latency histograms per route, open connections,
// process memory and CPU, plus gauges other modules register. Recording is lock-free
// (atomics in slots fixed at start-up), so it costs nanoseconds on the request path.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace platform::net {

class Router;

class Metrics {
 public:
  // Histogram upper bounds, in seconds.
  static constexpr std::size_t kBucketCount = 14;

  Metrics();
  ~Metrics();
  // One slot per route of `router` plus one for requests no route matched. Call once the
  // routes are all added (handlers may capture this object before) and before serving.
  void Bind(const Router& router);

  // route_index: Route::index, or npos for unmatched requests.
  void RecordRequest(std::size_t route_index, int status, double seconds);

  // How late an event loop ran a timer it had set (see HttpServer): how long a request that
  // became ready then waited behind other work on its loop.
  void RecordLoopLag(double seconds);

  // A gauge read at scrape time: `read` is called on the scraping thread, an event loop, so
  // it must only read memory (an atomic another thread keeps current, say).
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  // The same for a value that only grows (Prometheus' counter type: rate() applies).
  void AddCounter(std::string name, std::string help, std::function<double()> read);

  struct Slot;
  // A histogram other modules record into, with the request durations' buckets. Observe is
  // lock-free; the handle stays valid as long as this Metrics.
  class Histogram {
   public:
    void Observe(double seconds);

   private:
    friend class Metrics;
    explicit Histogram(Slot& slot) : slot_(&slot) {}
    Slot* slot_;
  };
  Histogram AddHistogram(std::string name, std::string help);

  std::string Render() const;

  std::atomic<std::int64_t> open_connections{0};
  std::atomic<std::int64_t> open_websockets{0};
  std::atomic<std::uint64_t> rejected_connections{0};

 private:
  const Router* router_ = nullptr;
  std::unique_ptr<Slot> loop_lag_;  // only its buckets, count and sum
  std::unique_ptr<Slot[]> slots_;
  std::size_t slot_count_ = 0;
  mutable std::mutex gauges_mutex_;
  struct Gauge {
    std::string name, help, type;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;  // protected by gauges_mutex_
  struct NamedHistogram {
    std::string name, help;
    std::unique_ptr<Slot> slot;
  };
  std::vector<NamedHistogram> histograms_;  // protected by gauges_mutex_
};

}  // namespace platform::net
