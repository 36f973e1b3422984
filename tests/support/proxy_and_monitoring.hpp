#pragma once

// The real servers from Debian that production puts around our instances, started by a test
// in its own directory and stopped with the object: nginx in front (with the site
// configuration we ship in deploy/nginx/), Prometheus scraping (with the alert rules we
// ship in deploy/prometheus/), and a Redis of the test's own that it can take down. Tests
// skip when the program is not installed (make test installs them).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace testing_support {

// The repository's deploy/ folder, as the tests were built from it.
std::filesystem::path DeployDir();

// A program started by a test: SIGTERM (then SIGKILL) when it goes out of scope.
class BackgroundProcess {
 public:
  BackgroundProcess(std::vector<std::string> args, const std::filesystem::path& log);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;
  bool Running();
  // `signal`, then SIGKILL if it has not ended within 10 s.
  void Stop(int signal = 15 /* SIGTERM */);
  std::string Log() const;

 private:
  int pid_ = -1;
  std::filesystem::path log_;
};

class NginxProxy {
 public:
  // nginx on a free loopback port, round-robin over the instances on `ports`. Every response
  // names the instance that answered in an X-Upstream header ("127.0.0.1:PORT"), which the
  // shipped configuration does not do: only the test's own wrapper adds it.
  NginxProxy(const std::filesystem::path& dir, const std::vector<unsigned short>& ports);
  static bool Available();
  unsigned short port() const { return port_; }

 private:
  unsigned short port_ = 0;
  std::optional<BackgroundProcess> process_;
};

class PrometheusServer {
 public:
  // Prometheus on a free loopback port scraping /metrics of the instances on `ports` every
  // second, with deploy/prometheus/alerts.yml loaded.
  PrometheusServer(const std::filesystem::path& dir, const std::vector<unsigned short>& ports);
  static bool Available();
  unsigned short port() const { return port_; }

 private:
  unsigned short port_ = 0;
  std::optional<BackgroundProcess> process_;
};

// redis-server on a free loopback port, for a test that stops it and starts it again (an
// outage) without disturbing the Redis the other tests share.
class PrivateRedis {
 public:
  explicit PrivateRedis(const std::filesystem::path& dir);
  static bool Available();
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  void Stop() { process_.reset(); }
  // Again on the same port, empty (as a restarted Redis without persistence is).
  void Start();

 private:
  std::filesystem::path dir_;
  unsigned short port_ = 0;
  std::optional<BackgroundProcess> process_;
};

// A PostgreSQL cluster of the test's own (initdb in `dir`), which it may stop and start
// again on the same port: a restart, as an operator's upgrade or a failover does it.
class PrivatePostgres {
 public:
  explicit PrivatePostgres(const std::filesystem::path& dir);
  static bool Available();
  // The cluster's "postgres" database, as --database takes it.
  std::string url() const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
  }
  // A fast shutdown: open sessions are cut, as in a restart.
  void Stop();
  void Start();

 private:
  std::filesystem::path dir_;
  unsigned short port_ = 0;
  std::optional<BackgroundProcess> process_;
};

}  // namespace testing_support
