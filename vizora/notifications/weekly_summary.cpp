#include "vizora/notifications/weekly_summary.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/time_zone.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/mail/mail_queue.hpp"
#include "vizora/analytics/reports.hpp"

namespace vizora::notifications {

using platform::kMillisPerDay;
using platform::kMillisPerHour;
using platform::mail::EscapeHtml;
using platform::store::Connection;

namespace {

// Organizations summarized per transaction: a run is many short transactions.
constexpr int kOrganizationsPerTransaction = 20;
constexpr std::size_t kTopContent = 5;
constexpr std::size_t kScreensListed = 20;

std::string Percent(double share) {
  char text[16];
  std::snprintf(text, sizeof text, "%.1f%%", share * 100.0);
  return text;
}

std::string Duration(std::int64_t ms) {
  if (ms < 60'000) return "under a minute";
  if (ms < 3'600'000) {
    const std::int64_t minutes = ms / 60'000;
    return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f hours", static_cast<double>(ms) / 3'600'000.0);
  return text;
}

std::string Plays(std::int64_t n) {
  return std::to_string(n) + (n == 1 ? " play" : " plays");
}

struct Week {
  std::string organization_name, time_zone;
  std::int64_t from = 0, to = 0;
  std::int64_t plays = 0, shown_ms = 0;
  std::vector<std::pair<std::string, std::int64_t>> top;  // title, plays
  std::vector<analytics::DeviceUptime> screens;
};

Week ReadWeek(Connection& c, const std::string& organization_id, const std::string& name,
              const std::string& time_zone, const WeekBounds& bounds, std::int64_t now) {
  const std::int64_t from = bounds.start, to = bounds.end;
  Week week{.organization_name = name, .time_zone = time_zone, .from = from, .to = to};
  for (const auto& item : analytics::PerformanceOfContent(c, organization_id, from, to)) {
    week.plays += item.impressions;
    week.shown_ms +=
        static_cast<std::int64_t>(item.avg_duration_ms * static_cast<double>(item.impressions));
    if (week.top.size() == kTopContent) continue;
    const auto title = c.Query("SELECT title FROM contents WHERE id = $1 AND organization_id = $2",
                               {item.content_id, organization_id});
    week.top.emplace_back(title.empty() ? "(deleted content)" : title[0].Text(0), item.impressions);
  }
  // Uptime is kept per hour: a zone whose offset is not whole hours reads the hours around.
  week.screens = analytics::Uptime(c, organization_id, platform::FloorTo(from, kMillisPerHour),
                                   platform::CeilTo(to, kMillisPerHour), now);
  return week;
}

platform::mail::MailMessage Summary(const platform::mail::MailSetup& mail,
                                    const UnsubscribeLinks& links, const Recipient& to,
                                    const Week& week, std::int64_t now) {
  const auto zone = platform::TimeZone::Find(week.time_zone).value_or(platform::TimeZone::Utc());
  const std::string first = platform::FormatCivilDate(zone.ToCivil(week.from));
  const std::string last = platform::FormatCivilDate(zone.ToCivil(week.to - 1));
  const std::string period = first + " to " + last;
  const std::string where = " (" + week.time_zone + ")";
  std::string text = "Your screens at " + week.organization_name + ", " + period + where + ":\n\n" +
                     Plays(week.plays) + ", " + Duration(week.shown_ms) + " on screen.\n";
  std::string html = "<p>Your screens at <b>" + EscapeHtml(week.organization_name) + "</b>, " +
                     period + EscapeHtml(where) + ":</p><p><b>" + Plays(week.plays) + "</b>, " +
                     Duration(week.shown_ms) + " on screen.</p>";
  if (!week.top.empty()) {
    text += "\nMost shown:\n";
    html += "<p>Most shown:</p><ol>";
    for (const auto& [title, plays] : week.top) {
      text += "* " + title + ": " + Plays(plays) + "\n";
      html += "<li>" + EscapeHtml(title) + ": " + Plays(plays) + "</li>";
    }
    html += "</ol>";
  }
  if (!week.screens.empty()) {
    text += "\nOnline:\n";
    html += "<p>Online:</p><ul>";
    for (std::size_t i = 0; i < week.screens.size() && i < kScreensListed; ++i) {
      const auto& s = week.screens[i];
      text += "* " + s.name + ": " + Percent(s.uptime) + "\n";
      html += "<li>" + EscapeHtml(s.name) + ": " + Percent(s.uptime) + "</li>";
    }
    if (week.screens.size() > kScreensListed) {
      const std::string more =
          "and " + std::to_string(week.screens.size() - kScreensListed) + " more";
      text += "* " + more + "\n";
      html += "<li>" + more + "</li>";
    }
    html += "</ul>";
  }
  const std::string analytics_link = mail.public_url + "/analytics";
  const auto unsubscribe = links.For(mail.public_url, to.user_id, Topic::kWeeklySummary, now);
  const std::string& page = unsubscribe.page;
  text += "\nThe details, and proof of play to export: " + analytics_link +
          "\n\nStop these summaries: " + page + "\n";
  html += "<p><a href=\"" + EscapeHtml(analytics_link) +
          "\">See the details</a></p><p style=\"color:#666;font-size:12px\"><a href=\"" +
          EscapeHtml(page) + "\">Stop these summaries</a></p>";
  return {
      .from = *mail.from,
      .to = to.address,
      .subject = "Your week at " + week.organization_name + " on Vizora: " + period,
      .text = text,
      .html = html,
      .unsubscribe_url = unsubscribe.one_click,
      .id = "weekly-summary." +
            platform::auth::HashToken(to.user_id + "/" + std::to_string(week.from)).substr(0, 32)};
}

}  // namespace

WeekBounds LastWholeWeek(const platform::TimeZone& zone, std::int64_t now) {
  const platform::CivilMinute today = zone.ToCivil(now);
  // Calendar arithmetic on the date alone, as days since 1970-01-01 (a Thursday).
  const auto utc = platform::TimeZone::Utc();
  const std::int64_t day = utc.FromCivil({today.year, today.month, today.day}) / kMillisPerDay;
  const std::int64_t monday = day - ((day + 3) % 7 + 7) % 7;
  const auto midnight_of = [&](std::int64_t d) {
    const platform::CivilMinute date = utc.ToCivil(d * kMillisPerDay);
    return zone.FromCivil({date.year, date.month, date.day});
  };
  return {.start = midnight_of(monday - 7), .end = midnight_of(monday)};
}

int SendWeeklySummaries(platform::store::Database& db, const platform::mail::MailSetup& mail,
                        const UnsubscribeLinks& links, std::int64_t now) {
  if (!mail.from) return 0;
  // Whatever its zone, an organization whose last summary covered a week that started within
  // six days is not due (a whole week ends at most 7 days + 1 DST hour after it started).
  const std::int64_t recently = now - 6 * kMillisPerDay;
  int summarized = 0;
  std::string after;  // organizations in id order, a page per transaction
  while (true) {
    struct Page {
      std::size_t read = 0;
      int summarized = 0;
      std::string last;
    };
    // Counted in the transaction's own result: a retried transaction starts again from zero.
    const Page page = db.TransactBlocking([&](Connection& c) {
      Page out;
      // Maybe due: someone active asked for it, and no recent week has gone.
      const auto candidates = c.Query(
          "SELECT o.id, o.name, o.time_zone, w.week_start FROM organizations o "
          "LEFT JOIN weekly_summaries w ON w.organization_id = o.id "
          "WHERE o.id > $3 AND (w.week_start IS NULL OR w.week_start < $1) AND EXISTS (SELECT 1 "
          "FROM users u JOIN notification_preferences p ON p.user_id = u.id AND p.topic = $2 AND "
          "p.enabled = 1 WHERE u.organization_id = o.id AND u.is_active = 1) "
          "ORDER BY o.id LIMIT " +
              std::to_string(kOrganizationsPerTransaction),
          {recently, std::string(TopicName(Topic::kWeeklySummary)), after});
      for (const auto& row : candidates) {
        const std::string id = row.Text(0), time_zone = row.Text(2);
        out.last = id;
        const auto zone = platform::TimeZone::Find(time_zone).value_or(platform::TimeZone::Utc());
        const WeekBounds week = LastWholeWeek(zone, now);
        if (row.OptInt(3).value_or(week.start - 1) >= week.start) continue;  // went already
        c.Execute(
            "INSERT INTO weekly_summaries (organization_id, week_start) VALUES ($1, $2) "
            "ON CONFLICT (organization_id) DO UPDATE SET week_start = excluded.week_start",
            {id, week.start});
        const auto recipients = Recipients(c, id, Topic::kWeeklySummary, false);
        if (recipients.empty()) continue;
        const Week summary = ReadWeek(c, id, row.Text(1), time_zone, week, now);
        for (const auto& to : recipients) {
          platform::mail::EnqueueMail(c, Summary(mail, links, to, summary, now));
        }
        ++out.summarized;
      }
      out.read = candidates.size();
      return out;
    });
    summarized += page.summarized;
    after = page.last;
    if (page.read < static_cast<std::size_t>(kOrganizationsPerTransaction)) break;
  }
  return summarized;
}

void ScheduleWeeklySummaries(Connection& c, std::chrono::seconds delay) {
  platform::jobs::EnqueueUnlessQueued(c, kWeeklySummaryQueue, "{}",
                                      {.max_attempts = 1, .delay = delay});
}

}  // namespace vizora::notifications
