// VizTube's mail over real HTTP and a real SMTP server (issue 23). A forgotten password: the
// link arrives at the user's address, sets a new password once and ends every session; asking
// answers alike for an address that is nobody's. Email verification: registering (and a new
// address) mails a link that marks the address verified. On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "tests/support/smtp_sink.hpp"
#include "tests/support/support.hpp"
#include "tests/support/viztube_server.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

class VizTubeMailTest : public VizTubeServerTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    return {"--smtp",       "smtp://127.0.0.1:" + std::to_string(smtp_port_),
            "--public-url", "https://tube.example.com",
            "--mail-from",  "noreply@tube.example.com"};
  }
  void SetUp() override {
    VizTubeServerTest::SetUp();
    if (IsSkipped()) return;
    sink_ = std::make_unique<SmtpSink>(dir_.path() / "smtp", smtp_port_);
  }
  HttpResponse Post(const std::string& target, const json::object& body) {
    return client_->PostJson(target, json::serialize(body));
  }
  std::vector<SunkMail> MailsOnce(std::size_t count) {
    return sink_->AtLeast(count, kVerificationSubject);
  }
  const unsigned short smtp_port_ = UnusedPort();
  std::unique_ptr<SmtpSink> sink_;
};

TEST_P(VizTubeMailTest, TheMailedLinkSetsANewPasswordOnceAndEndsEverySession) {
  SignUp("ada");
  const auto login =
      Post("/api/v2/user/login", {{"email", "ada@example.com"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string refresh(login.Json().at("data").at("refreshToken").as_string());

  const auto unknown = Post("/api/v2/user/forgot-password", {{"email", "nobody@example.com"}});
  const auto known = Post("/api/v2/user/forgot-password", {{"email", "Ada@Example.com"}});
  EXPECT_EQ(unknown.status, 202) << unknown.body;
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.body, known.body) << "the answer never tells";

  const auto mails = MailsOnce(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].raw.find("X-Envelope-To: ada@example.com"), std::string::npos);
  EXPECT_NE(mails[0].shown.find("Subject: Reset your VizTube password\n"), std::string::npos);
  EXPECT_NE(mails[0].shown.find("@ada on VizTube"), std::string::npos) << mails[0].shown;
  const std::string link = "https://tube.example.com/reset-password?token=";
  const auto at = mails[0].shown.find(link);
  ASSERT_NE(at, std::string::npos) << mails[0].shown;
  const std::string token =
      mails[0].shown.substr(at + link.size(), mails[0].shown.find('\n', at) - at - link.size());

  const auto weak =
      Post("/api/v2/user/reset-password", {{"token", token}, {"newPassword", "short"}});
  EXPECT_EQ(weak.status, 400) << weak.body;
  EXPECT_EQ(weak.Json().at("errors").at(0).at("field").as_string(), "newPassword");
  const auto reset =
      Post("/api/v2/user/reset-password", {{"token", token}, {"newPassword", "brand new secret"}});
  EXPECT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.Json().at("success").as_bool(), true);

  EXPECT_EQ(
      Post("/api/v2/user/login", {{"email", "ada@example.com"}, {"password", kPassword}}).status,
      401);
  EXPECT_EQ(
      Post("/api/v2/user/login", {{"username", "ada"}, {"password", "brand new secret"}}).status,
      200);
  EXPECT_EQ(Post("/api/v2/user/refresh-token", {{"refreshToken", refresh}}).status, 401)
      << "the session from before is over";
  const auto again =
      Post("/api/v2/user/reset-password", {{"token", token}, {"newPassword", "third secret!"}});
  EXPECT_EQ(again.status, 401);
  EXPECT_EQ(again.Json().at("code").as_string(), "UNAUTHENTICATED");
}

TEST_P(VizTubeMailTest, RegisteringAndANewAddressMailALinkThatVerifiesIt) {
  const auto ada = SignUp("ada");
  const auto me = [&] {
    return client_->Call(ada.token, "GET", "/api/v2/user/current-user-details").Json().at("data");
  };
  EXPECT_EQ(me().at("emailVerified"), false);
  auto mails = sink_->AtLeast(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].shown.find("Subject: Confirm your email address for VizTube\n"),
            std::string::npos)
      << mails[0].shown;
  EXPECT_NE(mails[0].shown.find("@ada"), std::string::npos);
  constexpr std::string_view kLink = "https://tube.example.com/verify-email?token=";
  const std::string token = TokenAfter(mails[0], kLink);
  ASSERT_GE(token.size(), 40u) << mails[0].shown;

  const auto verified = Post("/api/v2/user/verify-email", {{"token", token}});
  EXPECT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(me().at("emailVerified"), true);
  const auto again = client_->Call(ada.token, "POST", "/api/v2/user/resend-verification", "{}");
  EXPECT_EQ(again.status, 409) << again.body;

  // A new address is unverified until its own link is followed; the old link verifies nothing.
  const auto changed = client_->Call(ada.token, "PATCH", "/api/v2/user/update-account",
                                     R"({"email":"ada@elsewhere.example"})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("data").at("emailVerified"), false);
  mails = sink_->AtLeast(2);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_NE(mails[1].raw.find("X-Envelope-To: ada@elsewhere.example"), std::string::npos);
  // Saving the same address again sends nothing new.
  ASSERT_EQ(client_
                ->Call(ada.token, "PATCH", "/api/v2/user/update-account",
                       R"({"fullname":"Ada L","email":"ada@elsewhere.example"})")
                .status,
            200);
  EXPECT_EQ(sink_->AtLeast(3).size(), 2u);
  const auto stale = Post("/api/v2/user/verify-email", {{"token", token}});
  EXPECT_EQ(stale.status, 401);
  EXPECT_EQ(stale.Json().at("code").as_string(), "UNAUTHENTICATED");
  EXPECT_EQ(Post("/api/v2/user/verify-email", {{"token", TokenAfter(mails[1], kLink)}}).status,
            200);
  EXPECT_EQ(me().at("emailVerified"), true);
  // Nobody else sees it.
  const auto channel = client_->Get("/api/v2/user/c/ada").Json().at("data");
  EXPECT_FALSE(channel.as_object().contains("emailVerified"));
}

TEST_P(VizTubeMailTest, AnotherLinkOnRequestThreeAnHour) {
  const auto ada = SignUp("ada");
  ASSERT_EQ(sink_->AtLeast(1).size(), 1u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(client_->Call(ada.token, "POST", "/api/v2/user/resend-verification", "{}").status,
              202);
  }
  EXPECT_EQ(client_->Call(ada.token, "POST", "/api/v2/user/resend-verification", "{}").status, 429);
  EXPECT_EQ(client_->PostJson("/api/v2/user/resend-verification", "{}").status, 401);
  EXPECT_EQ(Post("/api/v2/user/verify-email", {{"token", "nonsense"}}).status, 401);
  EXPECT_EQ(sink_->AtLeast(3).size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Backends, VizTubeMailTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
