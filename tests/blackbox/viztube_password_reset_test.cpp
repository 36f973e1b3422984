// VizTube's forgotten passwords over real HTTP and a real SMTP server (issue 23): the link
// arrives at the user's address, sets a new password once and ends every session; asking
// answers alike for an address that is nobody's. On SQLite and PostgreSQL.

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

class VizTubePasswordResetTest : public VizTubeServerTest {
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
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (sink_->Messages().size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    return sink_->Messages();
  }
  const unsigned short smtp_port_ = UnusedPort();
  std::unique_ptr<SmtpSink> sink_;
};

TEST_P(VizTubePasswordResetTest, TheMailedLinkSetsANewPasswordOnceAndEndsEverySession) {
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

INSTANTIATE_TEST_SUITE_P(Backends, VizTubePasswordResetTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
