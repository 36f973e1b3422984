#include "tests/support/proxy_and_monitoring.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/support.hpp"

namespace testing_support {

namespace fs = std::filesystem;

namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";
constexpr const char* kPrometheus = "/usr/bin/prometheus";
constexpr const char* kRedisServer = "/usr/bin/redis-server";
const fs::path kPostgresBin = "/usr/lib/postgresql/15/bin";

// PostgreSQL refuses to run as root: as the postgres user then, owning `dir`.
std::vector<std::string> AsPostgresUser(const fs::path& dir, std::vector<std::string> args) {
  if (::geteuid() != 0) return args;
  const std::string command = "chown -R postgres:postgres '" + dir.string() + "'";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot chown " + dir.string());
  args.insert(args.begin(),
              {"/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"});
  return args;
}

// A loopback port nobody listens on now. Another process could take it before ours binds
// it; the servers below fail to start then, and the test says so.
unsigned short FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool Accepts(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

void WaitUntilListening(BackgroundProcess& process, unsigned short port, const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Accepts(port)) return;
    if (!process.Running()) throw std::runtime_error(what + " exited at start:\n" + process.Log());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error(what + " did not listen on " + std::to_string(port) + ":\n" +
                           process.Log());
}

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

fs::path DeployDir() {
  return fs::path(VIZORA_SOURCE_DIR) / "deploy";
}

BackgroundProcess::BackgroundProcess(std::vector<std::string> args, const fs::path& log)
    : pid_(SpawnProcess(std::move(args), {}, log)), log_(log) {}

BackgroundProcess::~BackgroundProcess() {
  Stop();
}

bool BackgroundProcess::Running() {
  if (pid_ <= 0) return false;
  if (::waitpid(pid_, nullptr, WNOHANG) == pid_) pid_ = -1;
  return pid_ > 0;
}

void BackgroundProcess::Stop(int signal) {
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string BackgroundProcess::Log() const {
  std::ifstream in(log_);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool NginxProxy::Available() {
  return fs::exists(kNginx);
}

NginxProxy::NginxProxy(const fs::path& dir, const std::vector<unsigned short>& ports) {
  fs::create_directories(dir / "temp");
  port_ = FreePort();
  std::string upstream = "upstream vizora_instances {\n";
  for (const auto port : ports) {
    // As deploy/nginx/nginx.conf: one refused connection sets an instance aside for 10 s.
    upstream += "  server 127.0.0.1:" + std::to_string(port) + " max_fails=1 fail_timeout=10s;\n";
  }
  upstream += "  keepalive 16;\n}\n";
  const std::string temp = (dir / "temp").string();
  const std::string deploy = (DeployDir() / "nginx").string();
  // Workers run as root when the tests do, so they can write the temp dir made by this user.
  WriteFile(dir / "nginx.conf",
            std::string(::geteuid() == 0 ? "user root;\n" : "") + "worker_processes 1;\npid " +
                (dir / "nginx.pid").string() +
                ";\nevents { worker_connections 1024; }\nhttp {\n"
                "  access_log " +
                (dir / "access.log").string() + ";\n  client_body_temp_path " + temp +
                "/body;\n  proxy_temp_path " + temp + "/proxy;\n  fastcgi_temp_path " + temp +
                "/fastcgi;\n  uwsgi_temp_path " + temp + "/uwsgi;\n  scgi_temp_path " + temp +
                "/scgi;\n  include " + deploy + "/websocket-upgrade.conf;\n" + upstream +
                "  server {\n    listen 127.0.0.1:" + std::to_string(port_) +
                ";\n    add_header X-Upstream $upstream_addr always;\n    include " + deploy +
                "/vizora-site.conf;\n  }\n}\n");
  process_.emplace(
      std::vector<std::string>{kNginx, "-p", dir.string(), "-e", (dir / "error.log").string(), "-c",
                               (dir / "nginx.conf").string(), "-g", "daemon off;"},
      dir / "nginx.out");
  WaitUntilListening(*process_, port_, "nginx");
}

bool PrometheusServer::Available() {
  return fs::exists(kPrometheus);
}

PrometheusServer::PrometheusServer(const fs::path& dir, const std::vector<unsigned short>& ports) {
  fs::create_directories(dir / "data");
  port_ = FreePort();
  std::string targets;
  for (const auto port : ports) {
    targets +=
        (targets.empty() ? "" : ", ") + std::string("'127.0.0.1:") + std::to_string(port) + "'";
  }
  WriteFile(dir / "prometheus.yml",
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - " +
                (DeployDir() / "prometheus" / "alerts.yml").string() +
                "\nscrape_configs:\n  - job_name: vizora\n    static_configs:\n"
                "      - targets: [" +
                targets + "]\n");
  process_.emplace(
      std::vector<std::string>{kPrometheus, "--config.file=" + (dir / "prometheus.yml").string(),
                               "--storage.tsdb.path=" + (dir / "data").string(),
                               "--web.listen-address=127.0.0.1:" + std::to_string(port_)},
      dir / "prometheus.log");
  WaitUntilListening(*process_, port_, "prometheus");
  // It listens before it is ready (its storage opening): wait for that too.
  HttpClient client(port_);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (client.Get("/-/ready").status != 200) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("prometheus did not get ready:\n" + process_->Log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

bool PrivateRedis::Available() {
  return fs::exists(kRedisServer);
}

PrivateRedis::PrivateRedis(const fs::path& dir) : dir_(dir), port_(FreePort()) {
  fs::create_directories(dir_);
  Start();
}

void PrivateRedis::Start() {
  process_.emplace(
      std::vector<std::string>{kRedisServer, "--port", std::to_string(port_), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no", "--dir", dir_.string()},
      dir_ / "redis.log");
  WaitUntilListening(*process_, port_, "redis-server");
}

bool PrivatePostgres::Available() {
  return fs::exists(kPostgresBin / "initdb");
}

PrivatePostgres::PrivatePostgres(const fs::path& dir) : dir_(dir), port_(FreePort()) {
  fs::create_directories(dir_);
  const auto initdb = AsPostgresUser(
      dir_, {(kPostgresBin / "initdb").string(), "-D", (dir_ / "data").string(), "-U", "postgres",
             "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"});
  const int pid = SpawnProcess(initdb, {}, dir_ / "initdb.log");
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::ifstream log(dir_ / "initdb.log");
    std::ostringstream text;
    text << log.rdbuf();
    throw std::runtime_error("initdb failed:\n" + text.str());
  }
  Start();
}

void PrivatePostgres::Start() {
  process_.emplace(AsPostgresUser(dir_, {(kPostgresBin / "postgres").string(), "-D",
                                         (dir_ / "data").string(), "-p", std::to_string(port_),
                                         "-k", dir_.string(), "-c", "listen_addresses=127.0.0.1",
                                         "-c", "fsync=off", "-c", "synchronous_commit=off"}),
                   dir_ / "postgres.log");
  WaitUntilListening(*process_, port_, "postgres");
}

void PrivatePostgres::Stop() {
  if (process_) process_->Stop(SIGINT);
  process_.reset();
}

}  // namespace testing_support
