#pragma once

// An in-process HttpServer on a free port for platform/net's own tests: the test adds routes,
// calls Start(), and talks to port() with tests/support clients.

#include <memory>

#include "platform/core/worker_pool.hpp"
#include "platform/net/server.hpp"

namespace platform::net {

struct TestServer {
  explicit TestServer(ServerOptions o = {}) : options(std::move(o)) {
    options.port = 0;
    options.threads = 2;
    options.access_log = false;
  }
  ~TestServer() {
    if (server) server->Stop();
  }
  void Start() {
    metrics.Bind(router);
    server = std::make_unique<HttpServer>(options, router, metrics);
    server->Start();
  }
  unsigned short port() const { return server->port(); }

  ServerOptions options;
  Router router;
  Metrics metrics;
  std::unique_ptr<HttpServer> server;
  WorkerPool pool{2};  // after the server: joined before the server's io_context goes
};

}  // namespace platform::net
