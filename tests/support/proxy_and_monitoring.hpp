#pragma once

// The real servers from Debian that production puts around our instances, started by a test
// in its own directory and stopped with the object: nginx in front (with the site
// configuration we ship in deploy/nginx/) and Prometheus scraping (with the alert rules we
// ship in deploy/prometheus/). Tests skip when the program is not installed (make test
// installs both).

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
  void Stop();
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

}  // namespace testing_support
