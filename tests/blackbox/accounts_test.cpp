// Organization settings, team management, roles, the last-admin rule, CSRF, pagination and
// the audit trail, from the outside. Every case runs on SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

class AccountsTest : public ServerBackendTest {
 protected:
  Account Register(const std::string& email, const std::string& org) {
    auto r = ServerBackendTest::Register(email, org);
    EXPECT_EQ(r.status, 201) << r.body;
    return AccountFrom(r);
  }
  HttpResponse Call(const Account& who, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return client_->Call(who.token, method, target, body);
  }
  std::string CreateUser(const Account& admin, const std::string& email, const std::string& role) {
    auto r = Call(admin, "POST", "/api/v1/users",
                  json::serialize(json::object{
                      {"email", email}, {"password", "password-123"}, {"role", role}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.Json().at("user").at("id").as_string());
  }
  Account Login(const std::string& email, const std::string& password = "password-123") {
    auto r =
        client_->PostJson("/api/v1/auth/login",
                          json::serialize(json::object{{"email", email}, {"password", password}}));
    EXPECT_EQ(r.status, 200) << r.body;
    return AccountFrom(r);
  }
};

TEST_P(AccountsTest, OrganizationReadAndUpdate) {
  const Account admin = Register("ada@example.com", "Acme");
  auto org = Call(admin, "GET", "/api/v1/organization");
  ASSERT_EQ(org.status, 200);
  EXPECT_EQ(org.Json().at("organization").at("name").as_string(), "Acme");
  auto renamed = Call(admin, "PATCH", "/api/v1/organization",
                      R"({"name":"Acme Retail","billingEmail":"Billing@Acme.io"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json().at("organization").at("name").as_string(), "Acme Retail");
  auto bad = Call(admin, "PATCH", "/api/v1/organization", R"({"billingEmail":"nope"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Call(admin, "PATCH", "/api/v1/organization", R"({"name":""})").status, 400);
  EXPECT_EQ(Call(admin, "PATCH", "/api/v1/organization", R"({"name":)").status, 400);
}

TEST_P(AccountsTest, RolesDecideWhoMayWrite) {
  const Account admin = Register("ada@example.com", "Acme");
  CreateUser(admin, "mia@example.com", "manager");
  CreateUser(admin, "vic@example.com", "viewer");
  const Account manager = Login("mia@example.com"), viewer = Login("vic@example.com");
  EXPECT_EQ(Call(viewer, "GET", "/api/v1/users").status, 200);
  EXPECT_EQ(Call(viewer, "GET", "/api/v1/organization").status, 200);
  for (const Account* who : {&viewer, &manager}) {
    auto denied = Call(*who, "POST", "/api/v1/users",
                       R"({"email":"x@example.com","password":"password-123","role":"viewer"})");
    EXPECT_EQ(denied.status, 403);
    EXPECT_EQ(ErrorCode(denied), "AUTHZ_001");
    EXPECT_EQ(Call(*who, "PATCH", "/api/v1/organization", R"({"name":"Hijacked"})").status, 403);
    EXPECT_EQ(Call(*who, "GET", "/api/v1/audit-logs").status, 403);
  }
  auto unknown_role = Call(admin, "POST", "/api/v1/users",
                           R"({"email":"y@example.com","password":"password-123","role":"owner"})");
  EXPECT_EQ(unknown_role.status, 400);
  auto duplicate = Call(admin, "POST", "/api/v1/users",
                        R"({"email":"MIA@example.com","password":"password-123","role":"viewer"})");
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(Call(admin, "POST", "/api/v1/users",
                 R"({"email":"z@example.com","password":"short","role":"viewer"})")
                .status,
            400);
}

TEST_P(AccountsTest, TheLastActiveAdminStays) {
  const Account admin = Register("ada@example.com", "Acme");
  const std::string self = "/api/v1/users/" + admin.user_id;
  for (const char* body : {R"({"role":"manager"})", R"({"isActive":false})"}) {
    auto r = Call(admin, "PATCH", self, body);
    EXPECT_EQ(r.status, 409) << body;
    EXPECT_EQ(ErrorCode(r), "CONFLICT_003");
  }
  EXPECT_EQ(Call(admin, "DELETE", self).status, 409);
  // With a second admin, the first may step down.
  const std::string second = CreateUser(admin, "bob@example.com", "admin");
  EXPECT_EQ(Call(admin, "PATCH", self, R"({"role":"viewer"})").status, 200);
  const Account bob = Login("bob@example.com");
  EXPECT_EQ(Call(bob, "DELETE", "/api/v1/users/" + second).status, 409);  // now the last one
}

TEST_P(AccountsTest, DeactivationEndsSessionsAndLogins) {
  const Account admin = Register("ada@example.com", "Acme");
  const std::string id = CreateUser(admin, "vic@example.com", "viewer");
  const Account viewer = Login("vic@example.com");
  EXPECT_EQ(Call(admin, "PATCH", "/api/v1/users/" + id, R"({"isActive":false})").status, 200);
  auto login = client_->PostJson("/api/v1/auth/login",
                                 R"({"email":"vic@example.com","password":"password-123"})");
  EXPECT_EQ(login.status, 403);
  EXPECT_EQ(
      client_->PostJson("/api/v1/auth/refresh", "{\"refreshToken\":\"" + viewer.refresh + "\"}")
          .status,
      401);
  // A new password by the admin: the old one stops working.
  EXPECT_EQ(Call(admin, "PATCH", "/api/v1/users/" + id,
                 R"({"isActive":true,"password":"new-password-1"})")
                .status,
            200);
  EXPECT_EQ(client_
                ->PostJson("/api/v1/auth/login",
                           R"({"email":"vic@example.com","password":"password-123"})")
                .status,
            401);
  Login("vic@example.com", "new-password-1");
}

TEST_P(AccountsTest, DeactivationAndDemotionCountAtOnce) {
  const Account admin = Register("ada@example.com", "Acme");
  const std::string vic = CreateUser(admin, "vic@example.com", "viewer");
  const std::string bob = CreateUser(admin, "bob@example.com", "admin");
  const Account viewer = Login("vic@example.com"), second_admin = Login("bob@example.com");
  ASSERT_EQ(Call(viewer, "GET", "/api/v1/organization").status, 200);
  ASSERT_EQ(Call(second_admin, "GET", "/api/v1/audit-logs").status, 200);
  EXPECT_EQ(Call(admin, "PATCH", "/api/v1/users/" + vic, R"({"isActive":false})").status, 200);
  EXPECT_EQ(Call(viewer, "GET", "/api/v1/organization").status,
            401);  // with a still-unexpired token
  EXPECT_EQ(Call(admin, "PATCH", "/api/v1/users/" + bob, R"({"role":"viewer"})").status, 200);
  auto demoted = Call(second_admin, "GET", "/api/v1/audit-logs");
  EXPECT_EQ(demoted.status, 403);
  EXPECT_EQ(ErrorCode(demoted), "AUTHZ_001");
  EXPECT_EQ(Call(second_admin, "GET", "/api/v1/organization").status, 200);  // still a viewer
  EXPECT_EQ(Call(admin, "DELETE", "/api/v1/users/" + bob).status, 204);
  EXPECT_EQ(Call(second_admin, "GET", "/api/v1/organization").status, 401);
}

TEST_P(AccountsTest, UsersPageThroughCursors) {
  const Account admin = Register("ada@example.com", "Acme");
  for (int i = 0; i < 4; ++i) CreateUser(admin, "u" + std::to_string(i) + "@example.com", "viewer");
  std::set<std::string> seen;
  std::string target = "/api/v1/users?limit=2";
  int pages = 0;
  for (;;) {
    auto page = Call(admin, "GET", target);
    ASSERT_EQ(page.status, 200) << page.body;
    ++pages;
    const auto body = page.Json();
    for (const auto& u : body.at("items").as_array())
      seen.insert(std::string(u.at("id").as_string()));
    const auto& next = body.at("nextCursor");
    if (next.is_null()) break;
    target = "/api/v1/users?limit=2&cursor=" + std::string(next.as_string());
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
  for (const char* bad :
       {"?limit=0", "?limit=201", "?limit=abc", "?cursor=garbage!", "?cursor=bm90LWEtY3Vyc29y"}) {
    auto r = Call(admin, "GET", std::string("/api/v1/users") + bad);
    EXPECT_EQ(r.status, 400) << bad;
  }
}

TEST_P(AccountsTest, OrganizationsCannotTouchEachOther) {
  const Account a = Register("ada@a.example", "Org A");
  const Account b = Register("bob@b.example", "Org B");
  const std::string a_user = CreateUser(a, "vic@a.example", "viewer");
  EXPECT_EQ(Call(b, "PATCH", "/api/v1/users/" + a_user, R"({"role":"admin"})").status, 404);
  EXPECT_EQ(Call(b, "DELETE", "/api/v1/users/" + a_user).status, 404);
  EXPECT_EQ(Call(b, "PATCH", "/api/v1/users/" + a.user_id, R"({"isActive":false})").status, 404);
  const auto b_users = Call(b, "GET", "/api/v1/users").Json();
  for (const auto& u : b_users.at("items").as_array()) {
    EXPECT_EQ(u.at("organizationId").as_string(), b.organization_id);
  }
  auto b_audit = Call(b, "GET", "/api/v1/audit-logs");
  EXPECT_EQ(b_audit.body.find("vic@a.example"), std::string::npos);
  EXPECT_EQ(Call(a, "GET", "/api/v1/users/" + a_user).status, 405);  // no single-user GET route
}

TEST_P(AccountsTest, CookieWritesNeedTheCsrfHeader) {
  auto reg = client_->PostJson(
      "/api/v1/auth/register",
      R"({"email":"ada@example.com","password":"correct horse","firstName":"A","lastName":"B","organizationName":"Acme"})");
  const std::string cookies = reg.Header("set-cookie");
  auto value_of = [&](const std::string& name) {
    const auto at = cookies.find(name + "=") + name.size() + 1;
    return cookies.substr(at, cookies.find(';', at) - at);
  };
  const std::string jar =
      "vizora_access=" + value_of("vizora_access") + "; vizora_csrf=" + value_of("vizora_csrf");
  auto without = client_->Send({"PATCH",
                                "/api/v1/organization",
                                R"({"name":"X"})",
                                {{"Content-Type", "application/json"}, {"Cookie", jar}}});
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(ErrorCode(without), "AUTHZ_003");
  auto wrong = client_->Send(
      {"PATCH",
       "/api/v1/organization",
       R"({"name":"X"})",
       {{"Content-Type", "application/json"}, {"Cookie", jar}, {"X-CSRF-Token", "guess"}}});
  EXPECT_EQ(wrong.status, 403);
  auto with = client_->Send({"PATCH",
                             "/api/v1/organization",
                             R"({"name":"X"})",
                             {{"Content-Type", "application/json"},
                              {"Cookie", jar},
                              {"X-CSRF-Token", value_of("vizora_csrf")}}});
  EXPECT_EQ(with.status, 200) << with.body;
  // Reads by cookie need no header.
  EXPECT_EQ(client_->Send({"GET", "/api/v1/organization", {}, {{"Cookie", jar}}}).status, 200);
}

TEST_P(AccountsTest, TheAuditTrailRecordsAdminActions) {
  const Account admin = Register("ada@example.com", "Acme");
  const std::string id = CreateUser(admin, "vic@example.com", "viewer");
  Call(admin, "PATCH", "/api/v1/users/" + id, R"({"role":"manager"})");
  Call(admin, "DELETE", "/api/v1/users/" + id);
  Call(admin, "PATCH", "/api/v1/organization", R"({"name":"Acme 2"})");
  auto response = Call(admin, "GET", "/api/v1/audit-logs");
  ASSERT_EQ(response.status, 200) << response.body;
  const auto all = response.Json();
  std::vector<std::string> actions;
  for (const auto& e : all.at("items").as_array()) actions.emplace_back(e.at("action").as_string());
  const std::vector<std::string> expected = {"organization.updated", "user.deleted", "user.updated",
                                             "user.created", "user.registered"};
  EXPECT_EQ(actions, expected);
  const auto& updated = all.at("items").as_array()[2];
  EXPECT_EQ(updated.at("details").at("role").as_string(), "manager");
  EXPECT_EQ(updated.at("userId").as_string(), admin.user_id);
  EXPECT_EQ(updated.at("ipAddress").as_string(), "127.0.0.1");
  auto filtered = Call(admin, "GET", "/api/v1/audit-logs?action=user.created");
  EXPECT_EQ(filtered.Json().at("items").as_array().size(), 1u);
  auto future = Call(admin, "GET", "/api/v1/audit-logs?from=2999-01-01T00:00:00Z");
  EXPECT_TRUE(future.Json().at("items").as_array().empty());
  auto page = Call(admin, "GET", "/api/v1/audit-logs?limit=2");
  EXPECT_EQ(page.Json().at("items").as_array().size(), 2u);
  auto next = Call(
      admin, "GET",
      "/api/v1/audit-logs?limit=2&cursor=" + std::string(page.Json().at("nextCursor").as_string()));
  EXPECT_EQ(next.Json().at("items").as_array()[0].at("action").as_string(), "user.updated");
  EXPECT_EQ(Call(admin, "GET", "/api/v1/audit-logs?from=yesterday").status, 400);
}

TEST_P(AccountsTest, OperatorsChangePlansWhileTheServerRuns) {
  const Account admin = Register("ada@example.com", "Acme Retail");
  auto [code, out] = RunVizora({"admin", "set-plan", "--database", database_, "--org",
                                "acme-retail", "--tier", "pro", "--screens=50"});
  ASSERT_EQ(code, 0) << out;
  const auto org = Call(admin, "GET", "/api/v1/organization").Json().at("organization");
  EXPECT_EQ(org.at("subscriptionTier").as_string(), "pro");
  EXPECT_EQ(org.at("screenQuota").as_int64(), 50);
  EXPECT_EQ(org.at("subscriptionStatus").as_string(), "active");
  // Without --screens the tier's own number applies.
  ASSERT_EQ(RunVizora({"admin", "set-plan", "--database", database_, "--org", "acme-retail",
                       "--tier", "basic"})
                .first,
            0);
  EXPECT_EQ(Call(admin, "GET", "/api/v1/organization")
                .Json()
                .at("organization")
                .at("screenQuota")
                .as_int64(),
            25);
  const auto audit =
      Call(admin, "GET", "/api/v1/audit-logs?action=organization.plan_changed").Json();
  EXPECT_EQ(audit.at("items").as_array().size(), 2u);

  struct Case {
    std::vector<std::string> args;
    int code;
  };
  const std::vector<Case> cases = {
      {{"--org", "acme-retail", "--tier", "platinum"}, 2},
      {{"--tier", "pro"}, 2},
      {{"--org", "acme-retail"}, 2},
      {{"--org", "acme-retail", "--tier", "pro", "--screens", "-1"}, 2},
      {{"--org", "acme-retail", "--tier", "pro", "--screens", "lots"}, 2},
      {{"--org", "acme-retail", "--tier", "pro", "--screens"}, 2},
      {{"--org", "no-such-org", "--tier", "pro"}, 1},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"admin", "set-plan", "--database", database_};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto [rc, text] = RunVizora(args);
    EXPECT_EQ(rc, c.code) << text;
  }
  EXPECT_EQ(RunVizora({"admin", "frobnicate"}).first, 2);
  EXPECT_EQ(Call(admin, "GET", "/api/v1/organization")
                .Json()
                .at("organization")
                .at("subscriptionTier")
                .as_string(),
            "basic");
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
