// Two instances sharing PostgreSQL and Redis behave as one (DESIGN.md §1 "Scale-out"):
// a session made on one works on the other, and rate limits are enforced once, not per
// instance.

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "platform/core/ids.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

TEST(ScaleOut, TwoInstancesShareSessionsAndRateLimits) {
  if (!PostgresAdminUrl() || !RedisUrl()) GTEST_SKIP() << "needs PostgreSQL and Redis (make test)";
  TempDir dir;
  const std::string database = FreshDatabaseUrl(Backend::kPostgres, dir);
  const std::vector<std::string> shared = {"--database",   database,
                                           "--redis",      *RedisUrl(),
                                           "--jwt-secret", "shared-secret-for-both-instances"};
  ServerProcess a(dir.path() / "a", shared), b(dir.path() / "b", shared);
  HttpClient to_a(a.port()), to_b(b.port());

  // Limits outlive a server in Redis: an address of its own for this run.
  const std::string email = "ada-" + platform::RandomToken(6) + "@example.com";
  const std::string login_wrong = R"({"email":")" + email + R"(","password":"wrong-pw"})";
  const std::string login_right = R"({"email":")" + email + R"(","password":"correct horse"})";
  auto reg = to_a.PostJson(
      "/api/v1/auth/register",
      R"({"email":")" + email +
          R"(","password":"correct horse","firstName":"A","lastName":"L","organizationName":"Scale"})");
  ASSERT_EQ(reg.status, 201) << reg.body;
  const std::string token(reg.Json().at("token").as_string());
  auto me = to_b.Send({"GET", "/api/v1/auth/me", {}, {{"Authorization", "Bearer " + token}}});
  EXPECT_EQ(me.status, 200) << "a token from A works on B";

  // 10 wrong passwords for one account, alternating instances: the 11th try is refused
  // whichever instance gets it, because the bucket is in Redis.
  for (int i = 0; i < 10; ++i) {
    HttpClient& client = i % 2 ? to_b : to_a;
    EXPECT_EQ(client.PostJson("/api/v1/auth/login", login_wrong).status, 401) << i;
  }
  EXPECT_EQ(to_a.PostJson("/api/v1/auth/login", login_right).status, 429);
  EXPECT_EQ(to_b.PostJson("/api/v1/auth/login", login_right).status, 429);
}

}  // namespace
