#include "platform/net/router.hpp"

#include <stdexcept>

namespace platform::net {

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> param;     // "{name}"
  std::unique_ptr<Node> wildcard;  // "{*name}": always terminal
  std::array<const Route*, kMethodCount> by_method{};

  bool HasRoutes() const {
    for (const Route* r : by_method) {
      if (r != nullptr) return true;
    }
    return false;
  }
};

namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  if (path.empty()) return out;
  for (;;) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParam(std::string_view s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}

}  // namespace

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

const Route& Router::Add(Route route) {
  if (route.pattern.empty() || route.pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
  }
  if (!route.handler && !route.websocket) {
    throw std::invalid_argument("route has no handler: " + route.pattern);
  }
  // Method and pattern, not the route's index: stable across versions sharing a Redis. Made
  // once here, not per request.
  if (route.rate_limit_bucket.empty()) {
    route.rate_limit_bucket = std::string(MethodName(route.method)) + " " + route.pattern;
  }
  Node* node = root_.get();
  const auto segments = Segments(route.pattern);
  route.param_names.clear();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string_view s = segments[i];
    if (IsParam(s) && s[1] == '*') {
      if (i + 1 != segments.size()) {
        throw std::invalid_argument("{*rest} must be the last segment: " + route.pattern);
      }
      route.param_names.emplace_back(s.substr(2, s.size() - 3));
      if (!node->wildcard) node->wildcard = std::make_unique<Node>();
      node = node->wildcard.get();
    } else if (IsParam(s)) {
      route.param_names.emplace_back(s.substr(1, s.size() - 2));
      if (!node->param) node->param = std::make_unique<Node>();
      node = node->param.get();
    } else {
      if (s.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("malformed segment in " + route.pattern);
      }
      auto& child = node->literals[std::string(s)];
      if (!child) child = std::make_unique<Node>();
      node = child.get();
    }
  }
  auto& slot = node->by_method[static_cast<std::size_t>(route.method)];
  if (slot != nullptr) {
    throw std::invalid_argument("duplicate route " + std::string(MethodName(route.method)) + " " +
                                route.pattern);
  }
  route.index = routes_.size();
  routes_.push_back(std::make_unique<Route>(std::move(route)));
  slot = routes_.back().get();
  return *slot;
}

const Router::Node* Router::Walk(const Node& node, std::string_view rest,
                                 std::vector<std::string_view>& values) const {
  if (rest.empty()) return node.HasRoutes() ? &node : nullptr;
  // rest is "/segment..." here.
  const std::string_view after_slash = rest.substr(1);
  const auto end = after_slash.find('/');
  const std::string_view segment = after_slash.substr(0, end);
  const std::string_view tail =
      end == std::string_view::npos ? std::string_view{} : after_slash.substr(end);

  if (auto it = node.literals.find(segment); it != node.literals.end()) {
    if (const Node* found = Walk(*it->second, tail, values)) return found;
  }
  if (node.param && !segment.empty()) {
    values.push_back(segment);
    if (const Node* found = Walk(*node.param, tail, values)) return found;
    values.pop_back();
  }
  if (node.wildcard && node.wildcard->HasRoutes()) {
    values.push_back(after_slash);
    return node.wildcard.get();
  }
  return nullptr;
}

RouteMatch Router::Find(Method method, std::string_view path) const {
  RouteMatch match;
  if (path.empty() || path.front() != '/') return match;
  const Node* node = Walk(*root_, path == "/" ? std::string_view{} : path, match.values);
  if (node == nullptr) {
    match.values.clear();
    return match;
  }
  const Route* route = node->by_method[static_cast<std::size_t>(method)];
  if (route == nullptr && method == Method::kHead) {
    route = node->by_method[static_cast<std::size_t>(Method::kGet)];
  }
  if (route != nullptr) {
    match.kind = RouteMatch::Kind::kFound;
    match.route = route;
    return match;
  }
  match.kind = RouteMatch::Kind::kMethodNotAllowed;
  match.values.clear();
  for (std::size_t m = 0; m < kMethodCount; ++m) {
    if (node->by_method[m] != nullptr) match.allowed.push_back(static_cast<Method>(m));
  }
  return match;
}

}  // namespace platform::net
