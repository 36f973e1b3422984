// The weekly proof-of-play summary from the outside (issue 23): a person who asks for it gets,
// after the week, a mail (to a real SMTP server) saying what the screens played, the most
// shown items and each screen's time online, once per week; those who did not ask get none.
// The plays are sent the way a player sends them. On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <chrono>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/mailing_server.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

constexpr std::string_view kWeekly = "Subject: Your week at Acme on Vizora: ";

// Monday 00:00 UTC of the week before the one holding `now`, and that week's Sunday, as
// "YYYY-MM-DD", worked out with the standard calendar (not the server's arithmetic).
std::pair<std::string, std::string> LastWeek(std::int64_t now) {
  using namespace std::chrono;
  const sys_days today = floor<days>(sys_time<milliseconds>(milliseconds(now)));
  const sys_days this_monday = today - (weekday(today) - Monday);
  const auto text = [](sys_days d) {
    const year_month_day ymd(d);
    char out[16];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(out);
  };
  return {text(this_monday - days(7)), text(this_monday - days(1))};
}

class WeeklySummaryTest : public MailingServerTest {
 protected:
  std::vector<SunkMail> RunAndCollect() { return RunJobAndCollect("notifications.weekly_summary"); }
};

TEST_P(WeeklySummaryTest, ThoseWhoAskGetLastWeeksPlaysOnce) {
  const Account ada = AccountFrom(Register("ada@example.com", "Acme"));
  const auto bob_added =
      client_->Call(ada.token, "POST", "/api/v1/users",
                    R"({"email":"bob@example.com","password":"password-123","role":"manager"})");
  ASSERT_EQ(bob_added.status, 201) << bob_added.body;
  const PairedScreen lobby = PairScreen(*client_, ada.token, "Lobby");
  const std::string menu = CreateWebPage(*client_, ada.token, "Lunch menu");
  const std::string hours = CreateWebPage(*client_, ada.token, "Opening hours");

  // Last Wednesday noon: three plays of the menu, one of the hours, ten seconds each.
  const std::int64_t now = platform::NowMillis();
  const std::int64_t this_monday =
      (now / platform::kMillisPerDay - ((now / platform::kMillisPerDay + 3) % 7)) *
      platform::kMillisPerDay;
  const std::int64_t wednesday_noon = this_monday - 5 * platform::kMillisPerDay + 43'200'000;
  json::array events;
  for (int i = 0; i < 4; ++i) {
    events.push_back(
        json::object{{"type", "impression"},
                     {"id", platform::NewId()},
                     {"contentId", i < 3 ? menu : hours},
                     {"startedAt", platform::FormatIso8601(wednesday_noon + i * 10'000)},
                     {"durationMs", 10'000},
                     {"completed", true}});
  }
  const auto sent = client_->Call(lobby.token, "POST", "/api/v1/device/events",
                                  json::serialize(json::object{{"events", events}}));
  ASSERT_EQ(sent.status, 200) << sent.body;

  EXPECT_EQ(RunAndCollect().size(), 0u) << "nobody asked";
  const auto asked = client_->Call(ada.token, "PATCH", "/api/v1/notifications/preferences",
                                   R"({"weeklySummary":true})");
  ASSERT_EQ(asked.status, 200) << asked.body;
  EXPECT_EQ(asked.Json().at("preferences").at("weeklySummary"), true);

  const auto mails = RunAndCollect();
  ASSERT_EQ(mails.size(), 1u);
  const SunkMail& mail = mails[0];
  EXPECT_NE(mail.raw.find("X-Envelope-To: ada@example.com"), std::string::npos);
  const auto [monday, sunday] = LastWeek(now);
  EXPECT_NE(mail.shown.find(std::string(kWeekly) + monday + " to " + sunday + "\n"),
            std::string::npos)
      << mail.shown;
  EXPECT_NE(mail.shown.find("4 plays, under a minute on screen"), std::string::npos) << mail.shown;
  const auto first = mail.shown.find("* Lunch menu: 3 plays");
  const auto second = mail.shown.find("* Opening hours: 1 play\n");
  EXPECT_NE(first, std::string::npos) << mail.shown;
  EXPECT_LT(first, second) << "most shown first";
  EXPECT_NE(mail.shown.find("* Lobby: "), std::string::npos);
  EXPECT_NE(mail.shown.find("https://signs.example.com/analytics"), std::string::npos);
  EXPECT_NE(mail.raw.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), std::string::npos);

  EXPECT_EQ(RunAndCollect().size(), 1u) << "once per week";
}

INSTANTIATE_TEST_SUITE_P(Backends, WeeklySummaryTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
