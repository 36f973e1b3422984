#pragma once

// Routes by method and path pattern. Patterns are literal segments, "{name}" (one segment)
// and a final "{*name}" (the rest of the path). A literal segment beats a parameter, which
// beats a rest-of-path wildcard. HEAD falls back to the GET route. Built once at start-up,
// then read concurrently without locks.

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/net/http.hpp"
#include "platform/net/rate_limiter.hpp"
#include "platform/net/websocket.hpp"

namespace platform::net {

// Requests whose body may exceed this need a route that says so.
inline constexpr std::size_t kDefaultMaxBodyBytes = 1 << 20;

struct Route {
  Method method = Method::kGet;
  std::string pattern;
  Handler handler;            // plain HTTP routes
  WebSocketAccept websocket;  // WebSocket routes (GET + Upgrade): set instead of handler
  WebSocketOptions websocket_options;
  std::string summary;  // one line, shown in /api/openapi.json
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  // The error a body over max_body_bytes gets (a product may name its own, e.g. CONTENT_002).
  ErrorKind too_large_error = errors::kPayloadTooLarge;
  // The handler reads the body itself through Request::body_stream, as it arrives (uploads);
  // max_body_bytes still applies, enforced as the bytes come.
  bool stream_body = false;
  bool in_openapi = true;
  // Who may call it, in the product's terms ("viewer", "admin", "user"…); empty: anyone.
  // ServerOptions::guard enforces it, so roles live in route declarations, not handlers.
  std::string access;
  // Requests per client address, checked before the guard and before the body is read:
  // 429 RATE_LIMIT with Retry-After beyond it.
  std::optional<RateLimit> rate_limit_per_ip;
  // Requests per signed-in caller (ServerOptions::caller_key), checked after the guard and
  // before the body is read: 429 RATE_LIMIT with Retry-After beyond it. Shared by every
  // instance when the limiter is Redis's.
  std::optional<RateLimit> rate_limit_per_caller;
  // The bucket both limits count in; Router::Add makes an empty one the route's own ("POST
  // /api/v2/videos"). Routes that name the same bucket share it (liking a video, a comment or
  // a tweet is one "like").
  std::string rate_limit_bucket;
  // Health and readiness checks: answered even when the server is at max_connections, on a
  // few sockets held back for them, so an orchestrator can tell "busy" from "dead".
  bool probe = false;

  // Filled in by Router::Add.
  std::vector<std::string> param_names;
  std::size_t index = 0;  // dense, 0..routes().size()-1: metrics slots
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;
  std::vector<std::string_view> values;  // views into the matched path
  std::vector<Method> allowed;           // for kMethodNotAllowed (and OPTIONS answers)
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Throws std::invalid_argument for a malformed pattern or a duplicate method + pattern.
  const Route& Add(Route route);
  RouteMatch Find(Method method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& routes() const { return routes_; }

 private:
  struct Node;
  const Node* Walk(const Node& node, std::string_view rest,
                   std::vector<std::string_view>& values) const;

  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace platform::net
