#pragma once

// The HTTP/1.1 + WebSocket server: Boost.Beast sessions as C++20 coroutines, run by event
// loops of one thread each (an io_context per thread; connections dealt out round-robin, and a
// connection's handlers run one at a time on its loop). It owns limits (named constants
// below and ServerOptions), CORS, security headers, request ids, access logs, metrics, and a
// graceful drain on Stop().

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/net/metrics.hpp"
#include "platform/net/router.hpp"
#include "platform/net/trusted_proxies.hpp"

namespace platform::net {

// Headers larger than this are answered 431.
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port: see HttpServer::port()
  std::size_t threads = 0;    // event-loop threads; 0 = one per core
  // One short of the 20,000 open files a process may have here (TOOLCHAIN.md), leaving room
  // for the database, logs and blobs.
  std::size_t max_connections = 19000;
  // Sockets one client address may hold (trusted proxies excepted); beyond it, 429. 0: the
  // smaller of 1,000 and half of max_connections, so one address cannot take them all.
  std::size_t max_connections_per_address = 0;
  // Peers whose X-Forwarded-For names the client (Request::remote_address); loopback and
  // private addresses are typical. Their connections count against no per-address cap.
  TrustedProxies trusted_proxies;
  std::size_t max_header_bytes = kMaxHeaderBytes;
  // A client must send its whole first request header within header_timeout, and each later
  // one within idle_timeout of the previous response (slow-loris clients are closed).
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds idle_timeout{30'000};
  // A body must keep up min_body_rate bytes a second once body_grace has passed (a trickled
  // body is cut off, not left holding its connection; detail/body_pace.hpp), and no single
  // read of it may wait longer than body_timeout.
  std::chrono::milliseconds body_grace{10'000};
  std::size_t min_body_rate = 1024;
  std::chrono::milliseconds body_timeout{60'000};
  std::chrono::milliseconds write_timeout{60'000};
  // Stop() waits this long for in-flight requests and sockets to finish.
  std::chrono::milliseconds drain_timeout{10'000};
  // Origins allowed to make credentialed cross-origin requests (exact match).
  std::vector<std::string> cors_origins;
  bool access_log = true;
  // Runs for every matched route whose `access` is not empty, after routing and before the
  // body is read (an unauthenticated upload is refused unread). Returns a Response to refuse
  // the request, or nothing to let it through, having set Request::principal.
  std::function<boost::asio::awaitable<std::optional<Response>>(Request&)> guard;
  // Called once each request's answer is written, on the event loop (so it must not block):
  // the request (its route and principal), the status and the time taken. The API log.
  std::function<void(const Request&, int status, std::int64_t duration_us)> on_request;
  // The body of every error answer (Response::FromError, and the server's own refusals):
  // each product has its envelope. Default: platform::ToJson, {"error":{code,message,details}}.
  std::function<std::string(const Error&)> render_error;
  // Enforces Route::rate_limit_per_ip and rate_limit_per_caller; the server makes its own
  // when none is given.
  std::shared_ptr<RateLimiter> rate_limiter;
  // Who the guard let in, as a stable key for Route::rate_limit_per_caller (a user id); ""
  // for no one (an optional route called anonymously), who is then not limited per caller.
  std::function<std::string(const Request&)> caller_key;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, const Router& router, Metrics& metrics);
  ~HttpServer();  // stops (forcefully) if still running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the event-loop threads. Throws std::system_error when it cannot bind.
  void Start();
  // The bound port (useful with port 0).
  std::uint16_t port() const;
  // Stops accepting, lets in-flight requests finish, closes idle keep-alive connections and
  // WebSockets (1001), and returns once all are gone or drain_timeout has passed. Any thread.
  void Stop();
  // Blocks until SIGINT or SIGTERM, then Stop()s.
  void RunUntilSignal();

  bool IsAllowedOrigin(std::string_view origin) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace platform::net
