// Invitations by mail from the outside (issue 23): an admin invites an address with a role, the
// link arrives at a real SMTP server (tests/support/smtp_sink.py), and following it the person
// chooses a password and joins, signed in. Links are single-use; resending replaces them;
// revoking ends them; they expire; a pending invitation holds a seat of the plan. Without a
// mail relay the admin is given the link. On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <thread>

#include "platform/store/database.hpp"
#include "tests/support/mailing_server.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

constexpr std::string_view kLink = "https://signs.example.com/accept-invitation?token=";

class InvitationsTest : public MailingServerTest {
 protected:
  void SetUp() override {
    MailingServerTest::SetUp();
    if (IsSkipped()) return;
    const auto registered = client_->PostJson(
        "/api/v1/auth/register",
        R"({"email":"ada@example.com","password":"password-123","firstName":"Ada","lastName":"Lovelace","organizationName":"Acme Retail"})");
    ASSERT_EQ(registered.status, 201) << registered.body;
    admin_ = AccountFrom(registered);
  }
  HttpResponse Invite(const std::string& email, const std::string& role,
                      const std::string& token = "") {
    return client_->Call(token.empty() ? admin_.token : token, "POST", "/api/v1/invitations",
                         json::serialize(json::object{{"email", email}, {"role", role}}));
  }
  HttpResponse Preview(const std::string& token) {
    return client_->Send({"GET", "/api/v1/auth/invitation?token=" + token, {}, {}});
  }
  HttpResponse Accept(const std::string& token, const std::string& password) {
    return client_->PostJson(
        "/api/v1/auth/invitation/accept",
        json::serialize(json::object{{"token", token}, {"password", password}}));
  }
  std::vector<SunkMail> MailsOnce(std::size_t count) {
    return sink_->AtLeast(count, kVerificationSubject);
  }
  static std::string TokenIn(const SunkMail& mail) { return TokenAfter(mail, kLink); }
  void Sql(const std::string& statement) {
    auto db = platform::store::Database::Open(database_, {.pool_size = 1});
    db->TransactBlocking(
        [&](platform::store::Connection& c) { c.Execute(statement, {admin_.organization_id}); });
  }

  Account admin_;
};

TEST_P(InvitationsTest, TheMailedLinkLetsThePersonJoinWithTheirRoleOnce) {
  const auto invited = Invite("Bob@Example.com", "manager");
  ASSERT_EQ(invited.status, 201) << invited.body;
  const auto body = invited.Json();
  EXPECT_EQ(body.at("mailed"), true);
  EXPECT_FALSE(body.as_object().contains("acceptUrl")) << "the link goes only to the address";
  EXPECT_EQ(body.at("invitation").at("email"), "bob@example.com");
  EXPECT_EQ(body.at("invitation").at("role"), "manager");

  auto mails = MailsOnce(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].raw.find("X-Envelope-To: bob@example.com"), std::string::npos);
  EXPECT_NE(mails[0].shown.find("Subject: Ada Lovelace invited you to Acme Retail on Vizora\n"),
            std::string::npos)
      << mails[0].shown;
  EXPECT_NE(mails[0].shown.find("as manager"), std::string::npos);
  const std::string first_token = TokenIn(mails[0]);
  ASSERT_GE(first_token.size(), 40u) << mails[0].shown;
  EXPECT_NE(mails[0].shown.find("href=\"" + std::string(kLink) + first_token), std::string::npos)
      << "the HTML part links too";

  // What the accept page shows.
  const auto preview = Preview(first_token);
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto shown = preview.Json().at("invitation");
  EXPECT_EQ(shown.at("organizationName"), "Acme Retail");
  EXPECT_EQ(shown.at("invitedByName"), "Ada Lovelace");
  EXPECT_EQ(shown.at("email"), "bob@example.com");

  // The admins' list; resending replaces the link.
  const json::value list = client_->Call(admin_.token, "GET", "/api/v1/invitations").Json();
  ASSERT_EQ(list.at("items").as_array().size(), 1u);
  const std::string id(list.at("items").at(0).at("id").as_string());
  ASSERT_EQ(client_->Call(admin_.token, "POST", "/api/v1/invitations/" + id + "/resend").status,
            200);
  mails = MailsOnce(2);
  ASSERT_EQ(mails.size(), 2u);
  const std::string token = TokenIn(mails[1]);
  ASSERT_NE(token, first_token);
  EXPECT_EQ(ErrorCode(Preview(first_token)), "AUTH_006") << "the old link stopped working";
  EXPECT_EQ(ErrorCode(Accept(first_token, "bob-password-1")), "AUTH_006");

  // A weak password is refused and spends nothing.
  const auto weak = Accept(token, "short");
  EXPECT_EQ(weak.status, 400);
  EXPECT_EQ(Preview(token).status, 200);

  const auto joined = Accept(token, "bob-password-1");
  ASSERT_EQ(joined.status, 201) << joined.body;
  EXPECT_EQ(joined.Json().at("user").at("role"), "manager");
  EXPECT_EQ(joined.Json().at("organization").at("id"), admin_.organization_id.c_str());
  EXPECT_FALSE(joined.Json().at("token").as_string().empty()) << "signed in";
  EXPECT_EQ(ErrorCode(Accept(token, "bob-password-2")), "AUTH_006") << "once";
  const auto login = client_->PostJson(
      "/api/v1/auth/login", R"({"email":"bob@example.com","password":"bob-password-1"})");
  EXPECT_EQ(login.status, 200);
  EXPECT_TRUE(client_->Call(admin_.token, "GET", "/api/v1/invitations")
                  .Json()
                  .at("items")
                  .as_array()
                  .empty());
  EXPECT_EQ(ErrorCode(Invite("bob@example.com", "viewer")), "CONFLICT_001")
      << "a member is not invited";
  // Only admins invite.
  EXPECT_EQ(ErrorCode(Invite("carol@example.com", "viewer", AccountFrom(login).token)),
            "AUTHZ_001");
}

TEST_P(InvitationsTest, RevokedAndExpiredLinksStopWorkingAndPendingOnesHoldSeats) {
  ASSERT_EQ(Invite("carol@example.com", "viewer").status, 201);
  auto mails = MailsOnce(1);
  ASSERT_EQ(mails.size(), 1u);
  const std::string carol = TokenIn(mails[0]);
  json::value list = client_->Call(admin_.token, "GET", "/api/v1/invitations").Json();
  const std::string id(list.at("items").at(0).at("id").as_string());
  EXPECT_EQ(client_->Call(admin_.token, "DELETE", "/api/v1/invitations/" + id).status, 204);
  EXPECT_EQ(ErrorCode(Accept(carol, "carol-password-1")), "AUTH_006");
  EXPECT_EQ(client_->Call(admin_.token, "DELETE", "/api/v1/invitations/" + id).status, 404);

  // Expired after a week: listed as such, refused, and resending makes it good again.
  ASSERT_EQ(Invite("dave@example.com", "viewer").status, 201);
  mails = MailsOnce(2);
  ASSERT_EQ(mails.size(), 2u);
  Sql("UPDATE invitations SET expires_at = 1 WHERE organization_id = $1");
  EXPECT_EQ(ErrorCode(Accept(TokenIn(mails[1]), "dave-password-1")), "AUTH_006");
  list = client_->Call(admin_.token, "GET", "/api/v1/invitations").Json();
  ASSERT_EQ(list.at("items").as_array().size(), 1u);
  EXPECT_EQ(list.at("items").at(0).at("expired"), true);
  const std::string dave_id(list.at("items").at(0).at("id").as_string());
  ASSERT_EQ(
      client_->Call(admin_.token, "POST", "/api/v1/invitations/" + dave_id + "/resend").status,
      200);
  mails = MailsOnce(3);
  ASSERT_EQ(mails.size(), 3u);
  const std::string dave = TokenIn(mails[2]);

  // The free plan's three people (the trial is over): Ada, and Dave's pending invitation
  // holds the second seat, so a third invitation fits and a fourth does not.
  Sql("UPDATE organizations SET trial_ends_at = 1 WHERE id = $1");
  ASSERT_EQ(Invite("erin@example.com", "viewer").status, 201);
  EXPECT_EQ(client_->Call(admin_.token, "GET", "/api/v1/billing").Json().at("usage").at("users"), 3)
      << "the plan page counts the seats invitations hold";
  const auto refused = Invite("frank@example.com", "viewer");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(ErrorCode(refused), "BILLING_006");
  EXPECT_EQ(refused.Json().at("error").at("details").at("limit"), "users");
  EXPECT_EQ(ErrorCode(client_->Call(
                admin_.token, "POST", "/api/v1/users",
                R"({"email":"gus@example.com","password":"password-123","role":"viewer"})")),
            "BILLING_006")
      << "adding someone directly counts the pending invitations too";
  EXPECT_EQ(Accept(dave, "dave-password-1").status, 201) << "an accepted invitation keeps its seat";
}

TEST_P(InvitationsTest, NonsenseIsRefusedClearly) {
  EXPECT_EQ(ErrorCode(Invite("not an address", "viewer")), "VALIDATION_001");
  EXPECT_EQ(ErrorCode(Invite("bob@example.com", "owner")), "VALIDATION_001");
  EXPECT_EQ(ErrorCode(Invite("ada@example.com", "viewer")), "CONFLICT_001");
  EXPECT_EQ(ErrorCode(Preview("")), "AUTH_006");
  EXPECT_EQ(ErrorCode(Preview(std::string(500, 'x'))), "AUTH_006");
  EXPECT_EQ(ErrorCode(Accept("nope", "password-123")), "AUTH_006");
  EXPECT_EQ(client_->Call(admin_.token, "POST", "/api/v1/invitations/nope/resend").status, 404);
  EXPECT_EQ(client_->Send({"GET", "/api/v1/invitations", {}, {}}).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, InvitationsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

// Without --smtp nothing can carry the link: the admin is given it to pass on.
class InvitationsWithoutMailTest : public ServerBackendTest {};

TEST_P(InvitationsWithoutMailTest, TheAdminIsGivenTheLink) {
  const Account admin = AccountFrom(Register("ada@example.com", "Acme"));
  const auto invited = client_->Call(admin.token, "POST", "/api/v1/invitations",
                                     R"({"email":"bob@example.com","role":"viewer"})");
  ASSERT_EQ(invited.status, 201) << invited.body;
  EXPECT_EQ(invited.Json().at("mailed"), false);
  const std::string url(invited.Json().at("acceptUrl").as_string());
  const std::string token = url.substr(url.find("token=") + 6);
  const auto joined = client_->PostJson(
      "/api/v1/auth/invitation/accept",
      json::serialize(json::object{{"token", token}, {"password", "bob-password-1"}}));
  EXPECT_EQ(joined.status, 201) << joined.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, InvitationsWithoutMailTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
