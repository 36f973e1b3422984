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

std::string Date(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd(day);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return out;
}

std::string Date(std::int64_t days_since_epoch) {
  return Date(std::chrono::sys_days(std::chrono::days(days_since_epoch)));
}

// Monday 00:00 of the week before the one holding `now` on clocks `offset` ahead of UTC, and
// that week's Sunday, as "YYYY-MM-DD", worked out with the standard calendar (not the
// server's arithmetic).
std::pair<std::string, std::string> LastWeek(std::int64_t now,
                                             std::chrono::hours offset = std::chrono::hours(0)) {
  using namespace std::chrono;
  const sys_days today = floor<days>(sys_time<milliseconds>(milliseconds(now) + offset));
  const sys_days this_monday = today - (weekday(today) - Monday);
  return {Date(this_monday - days(7)), Date(this_monday - days(1))};
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

TEST_P(WeeklySummaryTest, TheWeekIsTheOrganizationsOwn) {
  const Account ada = AccountFrom(Register("ada@example.com", "Acme"));
  // Kiritimati keeps UTC+14 all year: its Monday starts on Sunday 10:00 UTC.
  const auto moved = client_->Call(ada.token, "PATCH", "/api/v1/organization",
                                   R"({"timezone":"Pacific/Kiritimati"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.Json().at("organization").at("timezone"), "Pacific/Kiritimati");
  const auto refused =
      client_->Call(ada.token, "PATCH", "/api/v1/organization", R"({"timezone":"Mars/Base"})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  const PairedScreen lobby = PairScreen(*client_, ada.token, "Lobby");
  const std::string menu = CreateWebPage(*client_, ada.token, "Lunch menu");

  constexpr std::int64_t kOffset = 14 * platform::kMillisPerHour;
  const std::int64_t now = platform::NowMillis();
  const std::int64_t local_day = (now + kOffset) / platform::kMillisPerDay;
  const std::int64_t local_monday = local_day - (local_day + 3) % 7;
  const std::int64_t week_start = (local_monday - 7) * platform::kMillisPerDay - kOffset;
  const std::int64_t week_end = local_monday * platform::kMillisPerDay - kOffset;
  json::array events;
  // An hour before the local week (not in it), an hour into it and its last hour.
  for (const std::int64_t at :
       {week_start - platform::kMillisPerHour, week_start + platform::kMillisPerHour,
        week_end - platform::kMillisPerHour}) {
    events.push_back(json::object{{"type", "impression"},
                                  {"id", platform::NewId()},
                                  {"contentId", menu},
                                  {"startedAt", platform::FormatIso8601(at)},
                                  {"durationMs", 10'000},
                                  {"completed", true}});
  }
  const auto sent = client_->Call(lobby.token, "POST", "/api/v1/device/events",
                                  json::serialize(json::object{{"events", events}}));
  ASSERT_EQ(sent.status, 200) << sent.body;
  ASSERT_EQ(client_
                ->Call(ada.token, "PATCH", "/api/v1/notifications/preferences",
                       R"({"weeklySummary":true})")
                .status,
            200);

  const auto mails = RunAndCollect();
  ASSERT_EQ(mails.size(), 1u);
  const auto [monday, sunday] = LastWeek(now, std::chrono::hours(14));
  EXPECT_NE(mails[0].shown.find(std::string(kWeekly) + monday + " to " + sunday + "\n"),
            std::string::npos)
      << mails[0].shown;
  EXPECT_NE(mails[0].shown.find(monday + " to " + sunday + " (Pacific/Kiritimati):"),
            std::string::npos)
      << mails[0].shown;
  EXPECT_NE(mails[0].shown.find("2 plays"), std::string::npos) << mails[0].shown;

  // The per-day report counts the same days: by the organization's zone unless asked.
  const std::string report = "/api/v1/analytics/devices/impressions?from=" +
                             platform::FormatIso8601(week_start - platform::kMillisPerDay) +
                             "&to=" + platform::FormatIso8601(week_end);
  const auto local = client_->Call(ada.token, "GET", report);
  ASSERT_EQ(local.status, 200) << local.body;
  const json::value local_days = local.Json();
  EXPECT_EQ(local_days.at("timezone"), "Pacific/Kiritimati");
  const auto& by_local_day = local_days.at("items").as_array();
  ASSERT_EQ(by_local_day.size(), 3u) << local.body;
  EXPECT_EQ(by_local_day[0].at("day").as_string(), Date(local_monday - 8));
  EXPECT_EQ(by_local_day[1].at("day").as_string(), Date(local_monday - 7));
  EXPECT_EQ(by_local_day[2].at("day").as_string(), Date(local_monday - 1));
  // In UTC the first two fall on the same Sunday.
  const auto utc = client_->Call(ada.token, "GET", report + "&timezone=UTC");
  ASSERT_EQ(utc.status, 200) << utc.body;
  const json::value utc_days = utc.Json();
  const auto& by_utc_day = utc_days.at("items").as_array();
  ASSERT_EQ(by_utc_day.size(), 2u) << utc.body;
  EXPECT_EQ(by_utc_day[0].at("day").as_string(), Date(local_monday - 8));
  EXPECT_EQ(by_utc_day[0].at("impressions").as_int64(), 2);
  EXPECT_EQ(client_->Call(ada.token, "GET", report + "&timezone=Mars/Base").status, 422);
}

INSTANTIATE_TEST_SUITE_P(Backends, WeeklySummaryTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
