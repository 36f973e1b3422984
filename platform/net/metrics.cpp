#include "platform/net/metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "platform/net/router.hpp"

namespace platform::net {

namespace {

constexpr std::array<double, Metrics::kBucketCount> kBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

const auto kProcessStart = std::chrono::system_clock::now();

double ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

double CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double OpenFds() {
  std::error_code ec;
  double n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

std::string Escape(std::string_view label) {
  std::string out;
  for (char c : label) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

struct Metrics::Slot {
  std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx..5xx
  std::array<std::atomic<std::uint64_t>, kBucketCount> buckets{};
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> micros_sum{0};

  void Observe(double seconds);
  // The histogram's lines, `labels` inside its braces ("" for none).
  void RenderHistogram(std::ostream& out, std::string_view name, std::string_view labels) const;
};

void Metrics::Slot::RenderHistogram(std::ostream& out, std::string_view name,
                                    std::string_view labels) const {
  const auto n = count.load(std::memory_order_relaxed);
  const std::string sep = labels.empty() ? "" : ",";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < kBucketCount; ++b) {
    cumulative += buckets[b].load(std::memory_order_relaxed);
    out << name << "_bucket{" << labels << sep << "le=\"" << kBuckets[b] << "\"} " << cumulative
        << "\n";
  }
  out << name << "_bucket{" << labels << sep << "le=\"+Inf\"} " << n << "\n";
  const std::string braces = labels.empty() ? "" : "{" + std::string(labels) + "}";
  out << name << "_sum" << braces << " " << micros_sum.load(std::memory_order_relaxed) / 1e6
      << "\n";
  out << name << "_count" << braces << " " << n << "\n";
}

Metrics::Metrics() : loop_lag_(std::make_unique<Slot>()) {}

void Metrics::Bind(const Router& router) {
  router_ = &router;
  slot_count_ = router.routes().size() + 1;
  slots_ = std::make_unique<Slot[]>(slot_count_);
}

Metrics::~Metrics() = default;

void Metrics::Slot::Observe(double seconds) {
  for (std::size_t b = 0; b < kBucketCount; ++b) {
    if (seconds <= kBuckets[b]) {
      buckets[b].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  count.fetch_add(1, std::memory_order_relaxed);
  micros_sum.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::RecordRequest(std::size_t route_index, int status, double seconds) {
  if (slot_count_ == 0) return;  // not bound: nothing to record into
  Slot& slot = slots_[route_index < slot_count_ - 1 ? route_index : slot_count_ - 1];
  const int cls = status / 100 - 1;
  if (cls >= 0 && cls < 5) slot.by_class[cls].fetch_add(1, std::memory_order_relaxed);
  slot.Observe(seconds);
}

void Metrics::RecordLoopLag(double seconds) {
  loop_lag_->Observe(seconds);
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(gauges_mutex_);
  gauges_.push_back({std::move(name), std::move(help), "gauge", std::move(read)});
}

void Metrics::AddCounter(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(gauges_mutex_);
  gauges_.push_back({std::move(name), std::move(help), "counter", std::move(read)});
}

Metrics::Histogram Metrics::AddHistogram(std::string name, std::string help) {
  std::lock_guard lock(gauges_mutex_);
  histograms_.push_back({std::move(name), std::move(help), std::make_unique<Slot>()});
  return Histogram(*histograms_.back().slot);
}

void Metrics::Histogram::Observe(double seconds) {
  slot_->Observe(seconds);
}

std::string Metrics::Render() const {
  std::ostringstream out;
  out << "# HELP http_requests_total HTTP requests by route, method and status class.\n"
         "# TYPE http_requests_total counter\n";
  auto labels = [&](std::size_t i) {
    if (i + 1 == slot_count_) return std::string(R"(route="unmatched",method="")");
    const Route& r = *router_->routes()[i];
    return "route=\"" + Escape(r.pattern) + "\",method=\"" + std::string(MethodName(r.method)) +
           "\"";
  };
  for (std::size_t i = 0; i < slot_count_; ++i) {
    for (int c = 0; c < 5; ++c) {
      const auto n = slots_[i].by_class[c].load(std::memory_order_relaxed);
      if (n != 0)
        out << "http_requests_total{" << labels(i) << ",code=\"" << c + 1 << "xx\"} " << n << "\n";
    }
  }
  out << "# HELP http_request_duration_seconds Time from request header to response written.\n"
         "# TYPE http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < slot_count_; ++i) {
    if (slots_[i].count.load(std::memory_order_relaxed) == 0) continue;
    slots_[i].RenderHistogram(out, "http_request_duration_seconds", labels(i));
  }
  out << "# HELP event_loop_lag_seconds How late the event loops ran a timer due every 50 ms.\n"
         "# TYPE event_loop_lag_seconds histogram\n";
  loop_lag_->RenderHistogram(out, "event_loop_lag_seconds", "");
  auto gauge = [&](std::string_view name, std::string_view help, std::string_view type,
                   double value) {
    out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n"
        << name << " " << std::setprecision(15) << value << "\n";
  };
  gauge("http_open_connections", "Open HTTP connections (WebSockets included).", "gauge",
        static_cast<double>(open_connections.load()));
  gauge("http_open_websockets", "Open WebSocket connections.", "gauge",
        static_cast<double>(open_websockets.load()));
  gauge("http_rejected_connections_total", "Connections refused at the connection limit.",
        "counter", static_cast<double>(rejected_connections.load()));
  gauge("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge",
        ResidentBytes());
  gauge("process_cpu_seconds_total", "User and system CPU time spent in seconds.", "counter",
        CpuSeconds());
  gauge("process_open_fds", "Open file descriptors.", "gauge", OpenFds());
  gauge("process_start_time_seconds", "Start time of the process since the epoch.", "gauge",
        std::chrono::duration<double>(kProcessStart.time_since_epoch()).count());
  std::lock_guard lock(gauges_mutex_);
  for (const auto& g : gauges_) gauge(g.name, g.help, g.type, g.read());
  for (const auto& h : histograms_) {
    out << "# HELP " << h.name << " " << h.help << "\n# TYPE " << h.name << " histogram\n";
    h.slot->RenderHistogram(out, h.name, "");
  }
  return out.str();
}

}  // namespace platform::net
