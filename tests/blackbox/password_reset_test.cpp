// Forgotten passwords from the outside (issue 23, API.md "Identity"): the link arrives by mail
// at a real SMTP server (tests/support/smtp_sink.py), sets a new password once, within the
// hour, and ends every session; the answer to asking never tells whether the address is a
// user's. On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/support/mailing_server.hpp"
#include "tests/support/support.hpp"

namespace {

using namespace testing_support;
using namespace std::chrono_literals;

class PasswordResetTest : public MailingServerTest {
 protected:
  HttpResponse AskForReset(const std::string& email) {
    return client_->PostJson("/api/v1/auth/password-reset", R"({"email":")" + email + "\"}");
  }
  HttpResponse Confirm(const std::string& token, const std::string& password) {
    return client_->PostJson("/api/v1/auth/password-reset/confirm",
                             R"({"token":")" + token + R"(","password":")" + password + "\"}");
  }
  HttpResponse Login(const std::string& email, const std::string& password) {
    return client_->PostJson("/api/v1/auth/login",
                             R"({"email":")" + email + R"(","password":")" + password + "\"}");
  }
  std::vector<SunkMail> MailsOnce(std::size_t count) {
    return sink_->AtLeast(count, kVerificationSubject);
  }
  // The token in a reset mail's link, as the dashboard's page receives it.
  static std::string TokenIn(const SunkMail& mail) {
    return TokenAfter(mail, "https://signs.example.com/reset-password?token=");
  }
};

TEST_P(PasswordResetTest, TheLinkSetsANewPasswordOnceAndEndsEverySession) {
  const auto registered = Register("ada@example.com", "Acme Retail");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const Account before = AccountFrom(registered);

  const auto asked = AskForReset("ADA@example.com");
  EXPECT_EQ(asked.status, 202) << asked.body;
  const auto mails = MailsOnce(1);
  ASSERT_EQ(mails.size(), 1u);
  const SunkMail& mail = mails[0];
  EXPECT_NE(mail.raw.find("X-Envelope-To: ada@example.com"), std::string::npos);
  EXPECT_NE(mail.raw.find("From: \"Acme Signs\" <noreply@signs.example.com>"), std::string::npos);
  EXPECT_NE(mail.shown.find("Subject: Reset your Vizora password for Acme Retail\n"),
            std::string::npos)
      << mail.shown;
  EXPECT_EQ(mail.raw.find("List-Unsubscribe"), std::string::npos) << "not a notification";
  const std::string token = TokenIn(mail);
  ASSERT_GE(token.size(), 40u) << mail.shown;
  EXPECT_NE(mail.shown.find("href=\"https://signs.example.com/reset-password?token=" + token),
            std::string::npos)
      << "the HTML part links the same";

  // Too weak a password is refused and the link still works after.
  const auto weak = Confirm(token, "short");
  EXPECT_EQ(weak.status, 400) << weak.body;
  const auto done = Confirm(token, "a new password 2");
  EXPECT_EQ(done.status, 204) << done.body;

  EXPECT_EQ(Login("ada@example.com", "correct horse").status, 401);
  EXPECT_EQ(Login("ada@example.com", "a new password 2").status, 200);
  const auto refreshed =
      client_->PostJson("/api/v1/auth/refresh", R"({"refreshToken":")" + before.refresh + "\"}");
  EXPECT_EQ(refreshed.status, 401) << "the sessions from before the reset are over";
  EXPECT_EQ(client_->Call(before.token, "GET", "/api/v1/auth/me").status, 401);

  const auto again = Confirm(token, "a third password");
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(ErrorCode(again), "AUTH_005");
  EXPECT_EQ(ErrorCode(Confirm("made-up-token", "a third password")), "AUTH_005");
  EXPECT_EQ(Confirm(std::string(300, 'x'), "a third password").status, 400) << "too long to be one";
  EXPECT_EQ(client_->PostJson("/api/v1/auth/password-reset/confirm", "{}").status, 400);
}

TEST_P(PasswordResetTest, AskingNeverTellsWhetherTheAddressIsAUsers) {
  ASSERT_EQ(Register("ada@example.com", "Acme").status, 201);
  const auto unknown = AskForReset("nobody@example.com");
  const auto known = AskForReset("ada@example.com");
  EXPECT_EQ(unknown.status, 202);
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.body, known.body);
  EXPECT_EQ(AskForReset("not an address").status, 202);
  EXPECT_EQ(client_->PostJson("/api/v1/auth/password-reset", R"({"email":5})").status, 400);
  // Only the user's mail goes out.
  EXPECT_EQ(MailsOnce(1).size(), 1u);
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(sink_->Messages(kVerificationSubject).size(), 1u);
}

TEST_P(PasswordResetTest, ThreeLinksAnHourAtMostAndNoneForADeactivatedUser) {
  const auto registered = Register("ada@example.com", "Acme");
  ASSERT_EQ(registered.status, 201);
  const Account admin = AccountFrom(registered);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(AskForReset("ada@example.com").status, 202);
  EXPECT_EQ(MailsOnce(3).size(), 3u);
  // A colleague who was deactivated gets nothing.
  const auto grace =
      client_->Call(admin.token, "POST", "/api/v1/users",
                    R"({"email":"grace@example.com","password":"password-123","role":"viewer"})");
  ASSERT_EQ(grace.status, 201) << grace.body;
  const std::string grace_id(grace.Json().at("user").at("id").as_string());
  ASSERT_EQ(
      client_->Call(admin.token, "PATCH", "/api/v1/users/" + grace_id, R"({"isActive":false})")
          .status,
      200);
  EXPECT_EQ(AskForReset("grace@example.com").status, 202);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(sink_->Messages(kVerificationSubject).size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PasswordResetTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
