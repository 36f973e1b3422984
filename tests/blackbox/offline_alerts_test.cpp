// Offline alerts and one-click unsubscribe from the outside (issue 23): screens that show no
// sign of life past the organization's threshold are mailed, to a real SMTP server, to its
// admins and managers who want them: once per incident, several in one digest; an unsubscribe
// link (RFC 8058, as a mail client follows it) turns them off for that person; an admin sets
// the threshold or turns alerts off. Each run of the alert job is a server start (the job runs
// at once, then every minute). On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "platform/store/database.hpp"
#include "tests/support/mailing_server.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

constexpr std::int64_t kMinute = 60'000;

class OfflineAlertsTest : public MailingServerTest {
 protected:
  void SetUp() override {
    MailingServerTest::SetUp();
    if (IsSkipped()) return;
    ada_ = AccountFrom(Register("ada@example.com", "Acme"));
    bob_ = AddPerson("bob@example.com", "manager");
    vic_ = AddPerson("vic@example.com", "viewer");
    for (const char* name : {"Lobby", "Window", "Kitchen"}) {
      screens_.push_back(PairScreen(*client_, ada_.token, name).id);
    }
  }
  Account AddPerson(const std::string& email, const std::string& role) {
    const auto added =
        client_->Call(ada_.token, "POST", "/api/v1/users",
                      json::serialize(json::object{
                          {"email", email}, {"password", "password-123"}, {"role", role}}));
    EXPECT_EQ(added.status, 201) << added.body;
    return AccountFrom(client_->PostJson(
        "/api/v1/auth/login",
        json::serialize(json::object{{"email", email}, {"password", "password-123"}})));
  }
  // The screen's last sign of life, `minutes_ago`.
  void LastSeen(std::size_t screen, std::int64_t minutes_ago) {
    auto db = platform::store::Database::Open(database_, {.pool_size = 1});
    db->TransactBlocking([&](platform::store::Connection& c) {
      c.Execute("UPDATE devices SET last_heartbeat = $2 WHERE id = $1",
                {screens_[screen], platform::NowMillis() - minutes_ago * kMinute});
    });
  }
  std::vector<SunkMail> RunAndCollect() { return RunJobAndCollect("notifications.offline_alerts"); }
  static bool To(const SunkMail& mail, const std::string& email) {
    return mail.raw.find("X-Envelope-To: " + email) != std::string::npos;
  }
  HttpResponse Settings(const Account& who) {
    return client_->Call(who.token, "GET", "/api/v1/notifications");
  }

  Account ada_, bob_, vic_;
  std::vector<std::string> screens_;
};

TEST_P(OfflineAlertsTest, ADarkScreenIsMailedOncePerIncidentToAdminsAndManagers) {
  const json::value settings = Settings(ada_).Json();
  EXPECT_EQ(settings.at("offlineAlertMinutes"), 15);
  EXPECT_EQ(settings.at("preferences").at("offlineAlerts"), true);
  EXPECT_EQ(settings.at("preferences").at("weeklySummary"), false);

  LastSeen(0, 20);
  auto mails = RunAndCollect();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_TRUE(To(mails[0], "ada@example.com") || To(mails[1], "ada@example.com"));
  EXPECT_TRUE(To(mails[0], "bob@example.com") || To(mails[1], "bob@example.com"));
  for (const auto& mail : mails) {
    EXPECT_NE(mail.shown.find("Subject: Screen Lobby of Acme is offline\n"), std::string::npos)
        << mail.shown;
    EXPECT_NE(mail.shown.find("no sign of life for 20 minutes"), std::string::npos);
    EXPECT_NE(mail.raw.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
              std::string::npos);
  }

  // Still dark: the same incident is not mailed again. Dark again after coming back: it is.
  EXPECT_EQ(RunAndCollect().size(), 2u);
  LastSeen(0, 16);
  mails = RunAndCollect();
  ASSERT_EQ(mails.size(), 4u);
  EXPECT_NE(mails[3].shown.find("Subject: Screen Lobby of Acme is offline\n"), std::string::npos);

  // Several at once: one digest each. Darkness older than a day when first seen: no mail.
  LastSeen(1, 30);
  LastSeen(2, 45);
  mails = RunAndCollect();
  ASSERT_EQ(mails.size(), 6u);
  EXPECT_NE(mails[5].shown.find("Subject: 2 screens of Acme are offline\n"), std::string::npos)
      << mails[5].shown;
  EXPECT_NE(mails[5].shown.find("Kitchen"), std::string::npos);
  EXPECT_NE(mails[5].shown.find("Window"), std::string::npos);
  for (const auto& mail : mails) EXPECT_FALSE(To(mail, "vic@example.com")) << "viewers are not";
  LastSeen(0, 3 * 24 * 60);
  EXPECT_EQ(RunAndCollect().size(), 6u);
}

TEST_P(OfflineAlertsTest, OneClickTurnsThemOffForThatPerson) {
  LastSeen(0, 20);
  const auto mails = RunAndCollect();
  ASSERT_EQ(mails.size(), 2u);
  const SunkMail& bobs = To(mails[0], "bob@example.com") ? mails[0] : mails[1];
  const std::string header = "List-Unsubscribe: <https://signs.example.com";
  const auto at = bobs.raw.find(header);
  ASSERT_NE(at, std::string::npos) << bobs.raw;
  const auto start = at + header.size();
  const std::string target = bobs.raw.substr(start, bobs.raw.find('>', start) - start);
  EXPECT_NE(bobs.shown.find("https://signs.example.com/unsubscribe?token="), std::string::npos)
      << "the text links to the page too";

  // As a mail client does it (RFC 8058): a POST without any session.
  const auto done = client_->Send({"POST",
                                   target,
                                   "List-Unsubscribe=One-Click",
                                   {{"Content-Type", "application/x-www-form-urlencoded"}}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json().at("topic"), "offlineAlerts");
  EXPECT_EQ(Settings(bob_).Json().at("preferences").at("offlineAlerts"), false);
  EXPECT_EQ(Settings(ada_).Json().at("preferences").at("offlineAlerts"), true);

  LastSeen(1, 20);
  const auto after = RunAndCollect();
  ASSERT_EQ(after.size(), 3u);
  EXPECT_TRUE(To(after[2], "ada@example.com"));
  EXPECT_EQ(sink_->Messages(kVerificationSubject).size(), 3u) << "Bob hears no more";

  // Bob can turn them back on himself.
  const auto back = client_->Call(bob_.token, "PATCH", "/api/v1/notifications/preferences",
                                  R"({"offlineAlerts":true})");
  EXPECT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.Json().at("preferences").at("offlineAlerts"), true);

  const std::string forged = target.substr(0, target.size() - 4) + "AAAA";
  EXPECT_EQ(ErrorCode(client_->Send({"POST", forged, "", {}})), "NOTIFY_001");
  EXPECT_EQ(ErrorCode(client_->Send({"POST", "/api/v1/notifications/unsubscribe", "", {}})),
            "NOTIFY_001");
}

TEST_P(OfflineAlertsTest, AnAdminSetsTheThresholdOrTurnsThemOff) {
  const auto longer = client_->Call(ada_.token, "PATCH", "/api/v1/notifications/organization",
                                    R"({"offlineAlertMinutes":60})");
  ASSERT_EQ(longer.status, 200) << longer.body;
  EXPECT_EQ(longer.Json().at("offlineAlertMinutes"), 60);
  LastSeen(0, 30);
  EXPECT_EQ(RunAndCollect().size(), 0u) << "30 minutes is not yet an hour";

  ASSERT_EQ(client_
                ->Call(ada_.token, "PATCH", "/api/v1/notifications/organization",
                       R"({"offlineAlertMinutes":0})")
                .status,
            200);
  LastSeen(1, 120);
  EXPECT_EQ(RunAndCollect().size(), 0u) << "alerts are off";

  for (const char* bad : {R"({"offlineAlertMinutes":3})", R"({"offlineAlertMinutes":99999})",
                          R"({"offlineAlertMinutes":"soon"})", R"({})"}) {
    EXPECT_EQ(
        ErrorCode(client_->Call(ada_.token, "PATCH", "/api/v1/notifications/organization", bad)),
        "VALIDATION_001")
        << bad;
  }
  EXPECT_EQ(client_
                ->Call(bob_.token, "PATCH", "/api/v1/notifications/organization",
                       R"({"offlineAlertMinutes":30})")
                .status,
            403)
      << "managers hear alerts but do not set them";
  EXPECT_EQ(ErrorCode(client_->Call(vic_.token, "PATCH", "/api/v1/notifications/preferences",
                                    R"({"weeklySummary":"yes"})")),
            "VALIDATION_001");
}

INSTANTIATE_TEST_SUITE_P(Backends, OfflineAlertsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
