#include "platform/net/router.hpp"

#include <gtest/gtest.h>

namespace platform::net {
namespace {

Handler Ok() {
  return [](Request&) -> boost::asio::awaitable<Response> { co_return Response::NoContent(); };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add({.method = Method::kGet, .pattern = "/", .handler = Ok()});
    router_.Add({.method = Method::kGet, .pattern = "/api/v1/widgets", .handler = Ok()});
    router_.Add({.method = Method::kPost, .pattern = "/api/v1/widgets", .handler = Ok()});
    router_.Add({.method = Method::kGet, .pattern = "/api/v1/widgets/{id}", .handler = Ok()});
    router_.Add({.method = Method::kDelete, .pattern = "/api/v1/widgets/{id}", .handler = Ok()});
    router_.Add(
        {.method = Method::kGet, .pattern = "/api/v1/widgets/pairing/status", .handler = Ok()});
    router_.Add({.method = Method::kPost,
                 .pattern = "/api/v1/widgets/{widgetId}/commands",
                 .handler = Ok()});
    router_.Add(
        {.method = Method::kGet, .pattern = "/api/v1/content/{id}/pages/{n}", .handler = Ok()});
    router_.Add({.method = Method::kGet, .pattern = "/player/{*path}", .handler = Ok()});
    router_.Add({.method = Method::kGet, .pattern = "/{*path}", .handler = Ok()});
  }
  Router router_;
};

struct Case {
  Method method;
  std::string path;
  RouteMatch::Kind kind;
  std::string pattern;
  std::vector<std::string> values;
};

TEST_F(RouterTest, MatchesByTable) {
  using K = RouteMatch::Kind;
  const std::vector<Case> cases = {
      {Method::kGet, "/", K::kFound, "/", {}},
      {Method::kGet, "/api/v1/widgets", K::kFound, "/api/v1/widgets", {}},
      {Method::kPost, "/api/v1/widgets", K::kFound, "/api/v1/widgets", {}},
      {Method::kGet, "/api/v1/widgets/abc", K::kFound, "/api/v1/widgets/{id}", {"abc"}},
      {Method::kHead, "/api/v1/widgets/abc", K::kFound, "/api/v1/widgets/{id}", {"abc"}},
      // A literal segment beats a parameter at the same place.
      {Method::kGet,
       "/api/v1/widgets/pairing/status",
       K::kFound,
       "/api/v1/widgets/pairing/status",
       {}},
      {Method::kPost,
       "/api/v1/widgets/d1/commands",
       K::kFound,
       "/api/v1/widgets/{widgetId}/commands",
       {"d1"}},
      {Method::kGet,
       "/api/v1/content/c1/pages/3",
       K::kFound,
       "/api/v1/content/{id}/pages/{n}",
       {"c1", "3"}},
      {Method::kGet, "/player/assets/app.js", K::kFound, "/player/{*path}", {"assets/app.js"}},
      {Method::kGet, "/anything/else", K::kFound, "/{*path}", {"anything/else"}},
      // Backtracking: no deeper literal or parameter route, so the root wildcard takes it.
      {Method::kGet,
       "/api/v1/widgets/abc/extra",
       K::kFound,
       "/{*path}",
       {"api/v1/widgets/abc/extra"}},
      {Method::kPatch, "/api/v1/widgets/abc", K::kMethodNotAllowed, "", {}},
      {Method::kPut, "/api/v1/widgets", K::kMethodNotAllowed, "", {}},
      {Method::kPost, "/nowhere", K::kMethodNotAllowed, "", {}},
      {Method::kGet, "", K::kNotFound, "", {}},
      {Method::kGet, "no-leading-slash", K::kNotFound, "", {}},
  };
  for (const auto& c : cases) {
    const RouteMatch m = router_.Find(c.method, c.path);
    EXPECT_EQ(m.kind, c.kind) << MethodName(c.method) << " " << c.path;
    if (c.kind == K::kFound && m.route) {
      EXPECT_EQ(m.route->pattern, c.pattern) << c.path;
      std::vector<std::string> values(m.values.begin(), m.values.end());
      EXPECT_EQ(values, c.values) << c.path;
    }
  }
}

TEST_F(RouterTest, MethodNotAllowedListsTheAllowedMethods) {
  const RouteMatch m = router_.Find(Method::kPatch, "/api/v1/widgets/abc");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, (std::vector<Method>{Method::kGet, Method::kDelete}));
}

TEST_F(RouterTest, NamesParametersPerRoute) {
  const RouteMatch m = router_.Find(Method::kPost, "/api/v1/widgets/d9/commands");
  ASSERT_EQ(m.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(m.route->param_names, (std::vector<std::string>{"widgetId"}));
}

TEST(Router, RejectsMalformedAndDuplicateRoutes) {
  Router r;
  r.Add({.method = Method::kGet, .pattern = "/a/{id}", .handler = Ok()});
  EXPECT_THROW(r.Add({.method = Method::kGet, .pattern = "/a/{other}", .handler = Ok()}),
               std::invalid_argument);
  EXPECT_THROW(r.Add({.method = Method::kGet, .pattern = "no-slash", .handler = Ok()}),
               std::invalid_argument);
  EXPECT_THROW(r.Add({.method = Method::kGet, .pattern = "/{*rest}/more", .handler = Ok()}),
               std::invalid_argument);
  EXPECT_THROW(r.Add({.method = Method::kGet, .pattern = "/x{y", .handler = Ok()}),
               std::invalid_argument);
  EXPECT_THROW(r.Add({.method = Method::kGet, .pattern = "/nohandler"}), std::invalid_argument);
  EXPECT_EQ(r.routes().size(), 1u);
}

TEST(Router, EmptyRouterFindsNothing) {
  Router r;
  EXPECT_EQ(r.Find(Method::kGet, "/").kind, RouteMatch::Kind::kNotFound);
}

}  // namespace
}  // namespace platform::net
