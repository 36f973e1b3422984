// Identity from the outside (API.md "Identity"): register, login, refresh rotation and reuse,
// logout, me, token tampering, and bad input that must leave nothing half-created. Every case
// runs on SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <fstream>

#include "platform/auth/jwt.hpp"
#include "platform/core/ids.hpp"
#include "platform/store/database.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

class IdentityTest : public ServerBackendTest {
 protected:
  HttpResponse Register(const std::string& email, const std::string& org = "Acme Retail") {
    return ServerBackendTest::Register(email, org);
  }
  HttpResponse Login(const std::string& email, const std::string& password) {
    return client_->PostJson("/api/v1/auth/login", json::serialize(json::object{
                                                       {"email", email}, {"password", password}}));
  }
  HttpResponse Refresh(const std::string& token) {
    return client_->PostJson("/api/v1/auth/refresh",
                             json::serialize(json::object{{"refreshToken", token}}));
  }
  HttpResponse Me(const std::string& token) {
    return client_->Send({"GET", "/api/v1/auth/me", {}, {{"Authorization", "Bearer " + token}}});
  }
  std::int64_t Count(const std::string& table) {
    auto db = platform::store::Database::Open(database_, {.pool_size = 1});
    return db->ReadBlocking([&](platform::store::Connection& c) {
      return c.Query("SELECT COUNT(*) FROM " + table)[0].Int(0);
    });
  }
  void Sql(const std::string& statement) {
    auto db = platform::store::Database::Open(database_, {.pool_size = 1});
    db->TransactBlocking([&](platform::store::Connection& c) { c.Execute(statement); });
  }
  std::string SigningKey() {
    std::string key;
    std::ifstream(dir_.path() / "data" / "secrets" / "jwt-signing-key") >> key;
    return key;
  }
};

TEST_P(IdentityTest, RegisterCreatesAnOrganizationWithItsAdmin) {
  auto r = Register("  Ada@Example.COM ");
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = r.Json();
  EXPECT_EQ(body.at("user").at("email").as_string(), "ada@example.com");
  EXPECT_EQ(body.at("user").at("role").as_string(), "admin");
  EXPECT_FALSE(body.at("user").as_object().contains("passwordHash"));
  EXPECT_EQ(r.body.find("argon2"), std::string::npos);
  const auto& org = body.at("organization");
  EXPECT_EQ(org.at("slug").as_string(), "acme-retail");
  EXPECT_EQ(org.at("subscriptionTier").as_string(), "free");
  EXPECT_EQ(org.at("screenQuota").as_int64(), 5);
  EXPECT_EQ(org.at("subscriptionStatus").as_string(), "trial");
  EXPECT_EQ(body.at("expiresIn").as_int64(), 900);
  const std::string cookies = r.Header("set-cookie");
  for (const char* name : {"vizora_access=", "vizora_refresh=", "vizora_csrf="}) {
    EXPECT_NE(cookies.find(name), std::string::npos) << name;
  }
  EXPECT_NE(cookies.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookies.find("SameSite=Lax"), std::string::npos);
  auto me = Me(std::string(body.at("token").as_string()));
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json().at("organization").at("id"), org.at("id"));
  // A second organization named alike gets a slug of its own.
  auto other = Register("grace@example.com");
  ASSERT_EQ(other.status, 201);
  const std::string other_slug(other.Json().at("organization").at("slug").as_string());
  EXPECT_EQ(other_slug.rfind("acme-retail-", 0), 0u) << other_slug;
  EXPECT_EQ(other_slug.size(), std::string("acme-retail-").size() + 6) << other_slug;
  EXPECT_EQ(other_slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"),
            std::string::npos);
  EXPECT_EQ(Count("audit_logs"), 2);
}

TEST_P(IdentityTest, DuplicateEmailIs409AndCreatesNothing) {
  ASSERT_EQ(Register("ada@example.com").status, 201);
  auto again = Register("ADA@example.com", "Other Org");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "CONFLICT_001");
  EXPECT_EQ(Count("organizations"), 1);
  EXPECT_EQ(Count("users"), 1);
}

TEST_P(IdentityTest, AChosenSlugThatIsTakenIs409) {
  auto first = client_->PostJson(
      "/api/v1/auth/register",
      R"({"email":"a@example.com","password":"correct horse","firstName":"A","lastName":"B","organizationName":"One","organizationSlug":"acme"})");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json().at("organization").at("slug").as_string(), "acme");
  auto taken = client_->PostJson(
      "/api/v1/auth/register",
      R"({"email":"b@example.com","password":"correct horse","firstName":"A","lastName":"B","organizationName":"Two","organizationSlug":"acme"})");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(ErrorCode(taken), "CONFLICT_002");
  EXPECT_EQ(Count("organizations"), 1);
  EXPECT_EQ(Count("users"), 1);
}

TEST_P(IdentityTest, TheOrganizationTakesTheBrowsersTimeZoneWhenKnown) {
  auto paris = client_->PostJson(
      "/api/v1/auth/register",
      R"({"email":"a@example.com","password":"correct horse","firstName":"A","lastName":"B","organizationName":"One","timezone":"Europe/Paris"})");
  ASSERT_EQ(paris.status, 201) << paris.body;
  EXPECT_EQ(paris.Json().at("organization").at("timezone").as_string(), "Europe/Paris");
  // A zone this server does not know does not cost the sign-up: the days stay UTC.
  auto unknown = client_->PostJson(
      "/api/v1/auth/register",
      R"({"email":"b@example.com","password":"correct horse","firstName":"A","lastName":"B","organizationName":"Two","timezone":"Mars/Base"})");
  ASSERT_EQ(unknown.status, 201) << unknown.body;
  EXPECT_EQ(unknown.Json().at("organization").at("timezone").as_string(), "UTC");
}

TEST_P(IdentityTest, BadRegistrationsAreRefusedAndLeaveNothing) {
  const json::object good{{"email", "ada@example.com"},
                          {"password", "correct horse"},
                          {"firstName", "Ada"},
                          {"lastName", "L"},
                          {"organizationName", "Acme"}};
  struct Case {
    std::string field;
    json::value value;
    std::string reason_part;
  };
  const std::vector<Case> cases = {
      {"email", json::value("not-an-email"), "email"},
      {"email", json::value("ada@nodot"), "email"},
      {"email", json::value(42), "string"},
      {"password", json::value("short"), "8"},
      {"password", json::value(std::string(300, 'p')), "long"},
      {"firstName", json::value(std::string(101, 'f')), "long"},
      {"organizationName", json::value(""), "empty"},
      {"organizationName", json::value(nullptr), "required"},
      {"organizationSlug", json::value("Not A Slug"), "a-z"},
  };
  for (const auto& c : cases) {
    json::object body = good;
    body[c.field] = c.value;
    auto r = client_->PostJson("/api/v1/auth/register", json::serialize(body));
    EXPECT_EQ(r.status, 400) << c.field << " " << r.body;
    EXPECT_EQ(ErrorCode(r), "VALIDATION_001") << c.field;
    EXPECT_NE(r.body.find(c.reason_part), std::string::npos) << c.field << " " << r.body;
  }
  EXPECT_EQ(
      client_->Send({"POST", "/api/v1/auth/register", "email=a", {{"Content-Type", "text/plain"}}})
          .status,
      415);
  EXPECT_EQ(client_->PostJson("/api/v1/auth/register", "{not json").status, 400);
  auto huge =
      client_->PostJson("/api/v1/auth/register", "{\"x\":\"" + std::string(20000, 'x') + "\"}");
  EXPECT_EQ(huge.status, 413);
  EXPECT_EQ(Count("organizations"), 0);
  EXPECT_EQ(Count("users"), 0);
}

TEST_P(IdentityTest, LoginAnswersTheSameForUnknownEmailAndWrongPassword) {
  ASSERT_EQ(Register("ada@example.com").status, 201);
  auto ok = Login("ADA@example.com", "correct horse");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_FALSE(ok.Json().at("user").at("lastLoginAt").is_null());

  const auto time = [&](auto&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    auto r = f();
    return std::make_pair(r, std::chrono::steady_clock::now() - t0);
  };
  auto [wrong, wrong_took] = time([&] { return Login("ada@example.com", "wrong password"); });
  auto [unknown, unknown_took] =
      time([&] { return Login("nobody@example.com", "wrong password"); });
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_EQ(ErrorCode(wrong), "AUTH_001");
  // Both paths spend an argon2id verification: neither is an order of magnitude quicker.
  EXPECT_GT(unknown_took * 4, wrong_took);
  EXPECT_GT(wrong_took * 4, unknown_took);
}

TEST_P(IdentityTest, DeactivatedUsersCannotLogInOrRefresh) {
  auto reg = Register("ada@example.com");
  ASSERT_EQ(reg.status, 201);
  Sql("UPDATE users SET is_active = 0");
  auto login = Login("ada@example.com", "correct horse");
  EXPECT_EQ(login.status, 403);
  EXPECT_EQ(ErrorCode(login), "AUTHZ_002");
  EXPECT_EQ(Refresh(std::string(reg.Json().at("refreshToken").as_string())).status, 403);
}

TEST_P(IdentityTest, RefreshRotatesAndReuseRevokesTheFamily) {
  auto reg = Register("ada@example.com");
  const std::string first = std::string(reg.Json().at("refreshToken").as_string());
  auto second_pair = Refresh(first);
  ASSERT_EQ(second_pair.status, 200) << second_pair.body;
  const std::string second = std::string(second_pair.Json().at("refreshToken").as_string());
  EXPECT_NE(second, first);
  EXPECT_EQ(Me(std::string(second_pair.Json().at("token").as_string())).status, 200);
  // The first token again: a thief or a replay. Both it and its successor die.
  auto reused = Refresh(first);
  EXPECT_EQ(reused.status, 401);
  EXPECT_EQ(ErrorCode(reused), "AUTH_004");
  EXPECT_EQ(Refresh(second).status, 401);
  // Another login is a new family and works.
  auto login = Login("ada@example.com", "correct horse");
  EXPECT_EQ(Refresh(std::string(login.Json().at("refreshToken").as_string())).status, 200);
  EXPECT_EQ(Refresh("made-up-token").status, 401);
  EXPECT_EQ(Refresh("").status, 401);
}

TEST_P(IdentityTest, RefreshAndLogoutByCookie) {
  auto reg = Register("ada@example.com");
  const std::string refresh = std::string(reg.Json().at("refreshToken").as_string());
  const std::string cookie = "vizora_refresh=" + refresh;
  auto rotated = client_->Send({"POST", "/api/v1/auth/refresh", {}, {{"Cookie", cookie}}});
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string next = std::string(rotated.Json().at("refreshToken").as_string());
  // Cookies alone are what another site's form would send: refused, and nothing ends.
  auto forged =
      client_->Send({"POST", "/api/v1/auth/logout", {}, {{"Cookie", "vizora_refresh=" + next}}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(ErrorCode(forged), "AUTHZ_003");
  auto out = client_->Send(
      {"POST",
       "/api/v1/auth/logout",
       {},
       {{"Cookie", "vizora_refresh=" + next + "; vizora_csrf=c5rf"}, {"X-CSRF-Token", "c5rf"}}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("set-cookie").find("vizora_access=; Path=/; Max-Age=0"), std::string::npos);
  EXPECT_EQ(Refresh(next).status, 401);
}

TEST_P(IdentityTest, AccessTokensDieWithTheirSessionAtOnce) {
  auto reg = Register("ada@example.com");
  const std::string access(reg.Json().at("token").as_string());
  const std::string refresh(reg.Json().at("refreshToken").as_string());
  ASSERT_EQ(Me(access).status, 200);
  auto out = client_->Send(
      {"POST",
       "/api/v1/auth/logout",
       "{\"refreshToken\":\"" + refresh + "\"}",
       {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + access}}});
  ASSERT_EQ(out.status, 204);
  auto after = Me(access);  // not 15 minutes later: now
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(ErrorCode(after), "AUTH_002");

  // A detected refresh-token reuse ends the session's access tokens too.
  auto login = Login("ada@example.com", "correct horse");
  const std::string access2(login.Json().at("token").as_string());
  const std::string first(login.Json().at("refreshToken").as_string());
  ASSERT_EQ(Me(access2).status, 200);
  ASSERT_EQ(Refresh(first).status, 200);
  ASSERT_EQ(Refresh(first).status, 401);  // reuse
  EXPECT_EQ(Me(access2).status, 401);
}

TEST_P(IdentityTest, MeRefusesMissingTamperedAndExpiredTokens) {
  auto reg = Register("ada@example.com");
  const std::string token = std::string(reg.Json().at("token").as_string());
  EXPECT_EQ(client_->Get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(ErrorCode(client_->Get("/api/v1/auth/me")), "AUTH_002");
  EXPECT_EQ(client_->Send({"GET", "/api/v1/auth/me", {}, {{"Authorization", "Basic abc"}}}).status,
            401);
  std::string tampered = token;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Me(tampered).status, 401);
  const auto claims = platform::auth::VerifyJwt(token, SigningKey(), 0);
  ASSERT_TRUE(claims.has_value()) << "the test reads the server's key";
  json::object expired = *claims;
  expired["exp"] = 1000;
  auto old = Me(platform::auth::SignJwt(expired, SigningKey()));
  EXPECT_EQ(old.status, 401);
  EXPECT_EQ(ErrorCode(old), "AUTH_003");
  json::object forged = *claims;
  forged["role"] = "admin";
  EXPECT_EQ(Me(platform::auth::SignJwt(forged, "not-the-key")).status, 401);
  // The algorithm is ours to choose, never the token's: none, or RS256 verified with our
  // secret as if it were a public key, or HS512.
  const auto dot1 = token.find('.'), dot2 = token.rfind('.');
  const std::string payload = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string signature = token.substr(dot2 + 1);
  for (const std::string alg : {"none", "RS256", "HS512", "ES256"}) {
    const std::string header = platform::Base64UrlEncode(R"({"alg":")" + alg + R"(","typ":"JWT"})");
    EXPECT_EQ(Me(header + "." + payload + ".").status, 401) << alg;
    EXPECT_EQ(Me(header + "." + payload + "." + signature).status, 401) << alg;
  }
  // Signed with the real key but naming another organization: the user is not in it.
  const auto other = Register("grace@example.com", "Other Org");
  ASSERT_EQ(other.status, 201);
  ASSERT_EQ(Me(token).status, 200);  // the session's state is now remembered
  json::object elsewhere = *claims;
  elsewhere["org"] = other.Json().at("organization").at("id");
  EXPECT_EQ(Me(platform::auth::SignJwt(elsewhere, SigningKey())).status, 401);
  EXPECT_EQ(Me(token).status, 200);
  json::object refresh_typed = *claims;
  refresh_typed["typ"] = "device";
  EXPECT_EQ(Me(platform::auth::SignJwt(refresh_typed, SigningKey())).status, 401);
  // The scheme is case-insensitive.
  EXPECT_EQ(
      client_->Send({"GET", "/api/v1/auth/me", {}, {{"Authorization", "bearer " + token}}}).status,
      200);
  EXPECT_EQ(client_->Send({"GET", "/api/v1/auth/me", {}, {{"Authorization", "Bearer"}}}).status,
            401);
  // The access cookie works for reads.
  EXPECT_EQ(
      client_->Send({"GET", "/api/v1/auth/me", {}, {{"Cookie", "vizora_access=" + token}}}).status,
      200);
}

TEST_P(IdentityTest, LoginGuessingIsSlowedPerAccount) {
  ASSERT_EQ(Register("ada@example.com").status, 201);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(Login("ada@example.com", "guess-" + std::to_string(i)).status, 401) << i;
  auto limited = Login("ADA@example.com", "correct horse");  // even the right password waits
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(ErrorCode(limited), "RATE_LIMIT");
  EXPECT_GE(std::stoi(limited.Header("retry-after")), 1);
  EXPECT_EQ(limited.Json().at("error").at("details").at("retryAfterSeconds").as_int64(),
            std::stoi(limited.Header("retry-after")));
  EXPECT_EQ(Login("someone-else@example.com", "whatever-pw").status, 401);  // other accounts go on
}

TEST_P(IdentityTest, AStrangersGuessesNeverLockTheOwnerOut) {
  ASSERT_EQ(Register("ada@example.com").status, 201);
  // A stranger guesses from one address until refused, then from three more.
  for (int i = 0; i < 11; ++i) Login("ada@example.com", "guess-" + std::to_string(i));
  EXPECT_EQ(Login("ada@example.com", "guess").status, 429);
  bool first = true;
  for (const char* address : {"127.0.0.3", "127.0.0.4", "127.0.0.5"}) {
    HttpClient stranger(server_->port(), "127.0.0.1", address);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(stranger
                  .PostJson("/api/v1/auth/login",
                            R"({"email":"ada@example.com","password":"not-it-at-all"})")
                  .status,
              401);  // not refused…
    if (first) {     // …but slowed, while the account's budget is spent (it refills meanwhile)
      EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1500));
    }
    first = false;
  }
  // The owner, from an address of their own, is let in (after a short wait at most).
  HttpClient owner(server_->port(), "127.0.0.1", "127.0.0.2");
  const auto started = std::chrono::steady_clock::now();
  auto login = owner.PostJson("/api/v1/auth/login",
                              R"({"email":"ada@example.com","password":"correct horse"})");
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_P(IdentityTest, SignUpsFromOneAddressAreLimited) {
  int created = 0;
  HttpResponse last;
  for (int i = 0; i < 22 && last.status != 429; ++i) {
    last = Register("founder" + std::to_string(i) + "@example.com", "Shop " + std::to_string(i));
    if (last.status == 201) ++created;
  }
  EXPECT_EQ(created, 20);  // 20 an hour from one address
  EXPECT_EQ(last.status, 429);
  EXPECT_EQ(ErrorCode(last), "RATE_LIMIT");
  EXPECT_EQ(Count("organizations"), 20);
  HttpClient elsewhere(server_->port(), "127.0.0.1", "127.0.0.2");
  EXPECT_EQ(elsewhere
                .PostJson("/api/v1/auth/register",
                          R"({"email":"other@example.com","password":"correct horse",)"
                          R"("firstName":"O","lastName":"T","organizationName":"Other"})")
                .status,
            201);
}

TEST_P(IdentityTest, LoginFloodsFromOneAddressAreSlowed) {
  int refused = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 24; ++i) {
    const auto r = Login("user" + std::to_string(i) + "@example.com", "whatever-pw");
    if (r.status == 429) ++refused;
  }
  // 20 a minute from one address: a burst of 20, then one more every 3 s. Each login costs an
  // argon2id check (~0.15 s in the sanitizer build), so the bucket refills during the flood.
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  const int refilled = static_cast<int>(seconds.count() / 3.0);
  EXPECT_LE(refused, 4);
  EXPECT_GE(refused, 4 - refilled - 1) << seconds.count() << " s";
  EXPECT_GE(refused, 1);
}

TEST_P(IdentityTest, LogoutByAccessTokenAloneEndsTheSession) {
  auto reg = Register("ada@example.com");
  const std::string access(reg.Json().at("token").as_string());
  const std::string refresh(reg.Json().at("refreshToken").as_string());
  // No refresh token, and the scheme in capitals (schemes are case-insensitive).
  auto out =
      client_->Send({"POST", "/api/v1/auth/logout", {}, {{"Authorization", "BEARER " + access}}});
  ASSERT_EQ(out.status, 204);
  EXPECT_EQ(Me(access).status, 401);
  EXPECT_EQ(Refresh(refresh).status, 401);
}

TEST_P(IdentityTest, SecureCookiesWhenServedOverHttps) {
  EXPECT_EQ(Register("ada@example.com").Header("set-cookie").find("Secure"), std::string::npos);
  ServerProcess https_fronted(dir_.path() / "secure",
                              {"--database", database_, "--cookie-secure", "true"});
  HttpClient client(https_fronted.port());
  auto login = client.PostJson("/api/v1/auth/login",
                               R"({"email":"ada@example.com","password":"correct horse"})");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string cookies = login.Header("set-cookie");  // the three, joined by ", "
  for (const char* name : {"vizora_access=", "vizora_refresh=", "vizora_csrf="}) {
    const auto at = cookies.find(name);
    ASSERT_NE(at, std::string::npos) << name;
    const auto end = cookies.find(", vizora_", at + 1);
    EXPECT_NE(cookies.substr(at, end - at).find("; Secure"), std::string::npos) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
