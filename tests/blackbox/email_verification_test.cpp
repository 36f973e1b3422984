// Email verification from the outside (issue 23): signing up mails a link to a real SMTP
// server (tests/support/smtp_sink.py); following it marks the address verified, which the
// session and GET /api/v1/auth/me say. Another link on request, three an hour; a link mailed to
// an address the account no longer has verifies nothing; accepting a mailed invitation
// verifies the address. Without a mail relay nothing can be verified and the server says so.
// On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "platform/store/database.hpp"
#include "tests/support/mailing_server.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

constexpr std::string_view kLink = "https://signs.example.com/verify-email?token=";

class EmailVerificationTest : public MailingServerTest {
 protected:
  HttpResponse Verify(const std::string& token) {
    return client_->PostJson("/api/v1/auth/verify-email",
                             json::serialize(json::object{{"token", token}}));
  }
  bool VerifiedSaysMe(const Account& who) {
    const json::value me = client_->Call(who.token, "GET", "/api/v1/auth/me").Json();
    return me.at("user").at("emailVerified").as_bool();
  }
  std::vector<std::string> Tokens(std::size_t count) {
    std::vector<std::string> tokens;
    for (const auto& mail : sink_->AtLeast(count)) tokens.push_back(TokenAfter(mail, kLink));
    return tokens;
  }
};

TEST_P(EmailVerificationTest, SigningUpMailsALinkThatVerifiesTheAddress) {
  const auto registered = Register("ada@example.com", "Acme Retail");
  ASSERT_EQ(registered.status, 201) << registered.body;
  EXPECT_EQ(registered.Json().at("user").at("emailVerified"), false);
  EXPECT_EQ(registered.Json().at("mailEnabled"), true);
  const Account ada = AccountFrom(registered);

  const auto mails = sink_->AtLeast(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].raw.find("X-Envelope-To: ada@example.com"), std::string::npos);
  EXPECT_NE(mails[0].shown.find("Subject: Confirm your email address for Vizora\n"),
            std::string::npos)
      << mails[0].shown;
  EXPECT_NE(mails[0].shown.find("Acme Retail"), std::string::npos);
  const std::string token = TokenAfter(mails[0], kLink);
  ASSERT_GE(token.size(), 40u) << mails[0].shown;
  EXPECT_NE(mails[0].shown.find("href=\"" + std::string(kLink) + token), std::string::npos);
  EXPECT_FALSE(VerifiedSaysMe(ada));

  const auto verified = Verify(token);
  EXPECT_EQ(verified.status, 200) << verified.body;
  EXPECT_TRUE(VerifiedSaysMe(ada));
  EXPECT_EQ(Verify(token).status, 200) << "following the same link again is no error";
  const auto login = client_->PostJson("/api/v1/auth/login",
                                       R"({"email":"ada@example.com","password":"correct horse"})");
  EXPECT_EQ(login.Json().at("user").at("emailVerified"), true);

  const auto again = client_->Call(ada.token, "POST", "/api/v1/auth/verify-email/resend");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "CONFLICT_001");
  const json::value audit = client_->Call(ada.token, "GET", "/api/v1/audit-logs").Json();
  int recorded = 0;
  for (const auto& entry : audit.at("items").as_array()) {
    recorded += entry.at("action") == "user.email_verified" ? 1 : 0;
  }
  EXPECT_EQ(recorded, 1) << "once, though the link was followed twice";
}

TEST_P(EmailVerificationTest, AnotherLinkOnRequestThreeAnHour) {
  const Account ada = AccountFrom(Register("ada@example.com", "Acme Retail"));
  ASSERT_EQ(sink_->AtLeast(1).size(), 1u);
  for (int i = 0; i < 2; ++i) {
    const auto sent = client_->Call(ada.token, "POST", "/api/v1/auth/verify-email/resend");
    EXPECT_EQ(sent.status, 202) << sent.body;
  }
  const auto refused = client_->Call(ada.token, "POST", "/api/v1/auth/verify-email/resend");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(ErrorCode(refused), "RATE_LIMIT");
  const auto tokens = Tokens(3);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_NE(tokens[0], tokens[2]);
  EXPECT_EQ(Verify(tokens[0]).status, 200) << "every link sent works until one is used";
  EXPECT_TRUE(VerifiedSaysMe(ada));
  EXPECT_EQ(sink_->Messages().size(), 3u) << "nothing more was sent";
}

TEST_P(EmailVerificationTest, ALinkForAnAddressNoLongerTheAccountsVerifiesNothing) {
  const Account ada = AccountFrom(Register("ada@example.com", "Acme Retail"));
  const auto tokens = Tokens(1);
  ASSERT_EQ(tokens.size(), 1u);
  auto db = platform::store::Database::Open(database_, {.pool_size = 1});
  db->TransactBlocking([&](platform::store::Connection& c) {
    c.Execute("UPDATE accounts SET email = 'ada@elsewhere.example' WHERE id = $1", {ada.user_id});
  });
  const auto refused = Verify(tokens[0]);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(ErrorCode(refused), "AUTH_007");
  EXPECT_FALSE(VerifiedSaysMe(ada));
}

TEST_P(EmailVerificationTest, AcceptingAMailedInvitationVerifiesTheAddress) {
  const Account ada = AccountFrom(Register("ada@example.com", "Acme Retail"));
  ASSERT_EQ(client_
                ->Call(ada.token, "POST", "/api/v1/invitations",
                       R"({"email":"bob@example.com","role":"viewer"})")
                .status,
            201);
  const auto mails = sink_->AtLeast(2);
  ASSERT_EQ(mails.size(), 2u);
  const std::string token =
      TokenAfter(mails[1], "https://signs.example.com/accept-invitation?token=");
  const auto joined = client_->PostJson(
      "/api/v1/auth/invitation/accept",
      json::serialize(json::object{{"token", token}, {"password", "bob-password-1"}}));
  ASSERT_EQ(joined.status, 201) << joined.body;
  EXPECT_EQ(joined.Json().at("user").at("emailVerified"), true);
  EXPECT_TRUE(VerifiedSaysMe(AccountFrom(joined)));
  EXPECT_EQ(sink_->Messages().size(), 2u) << "no verification mail for Bob";
}

TEST_P(EmailVerificationTest, NonsenseIsRefusedClearly) {
  EXPECT_EQ(ErrorCode(Verify("not-a-token")), "AUTH_007");
  EXPECT_EQ(ErrorCode(Verify("")), "VALIDATION_001");
  EXPECT_EQ(ErrorCode(Verify(std::string(500, 'a'))), "VALIDATION_001");
  EXPECT_EQ(ErrorCode(client_->PostJson("/api/v1/auth/verify-email", R"({"token":7})")),
            "VALIDATION_001");
  EXPECT_EQ(ErrorCode(client_->PostJson("/api/v1/auth/verify-email", "{")), "VALIDATION_001");
  EXPECT_EQ(client_->PostJson("/api/v1/auth/verify-email/resend", "{}").status, 401)
      << "asking for another link needs a session";
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailVerificationTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

// Without --smtp no address can be verified: the session says mail is off, and asking for a
// link says why it cannot come.
class EmailVerificationWithoutMailTest : public ServerBackendTest {};

TEST_P(EmailVerificationWithoutMailTest, TheServerSaysItSendsNoMail) {
  const auto registered = Register("ada@example.com", "Acme Retail");
  ASSERT_EQ(registered.status, 201) << registered.body;
  EXPECT_EQ(registered.Json().at("mailEnabled"), false);
  const Account ada = AccountFrom(registered);
  const json::value me = client_->Call(ada.token, "GET", "/api/v1/auth/me").Json();
  EXPECT_EQ(me.at("mailEnabled"), false);
  EXPECT_EQ(me.at("user").at("emailVerified"), false);
  const auto refused = client_->Call(ada.token, "POST", "/api/v1/auth/verify-email/resend");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(ErrorCode(refused), "UNAVAILABLE");
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailVerificationWithoutMailTest,
                         ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
