#include "vizora/notifications/weekly_summary.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/mail/mail_queue.hpp"
#include "vizora/analytics/reports.hpp"

namespace vizora::notifications {

using platform::kMillisPerDay;
using platform::mail::EscapeHtml;
using platform::store::Connection;

namespace {

constexpr std::int64_t kWeekMs = 7 * kMillisPerDay;
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
  std::string organization_name;
  std::int64_t from = 0, to = 0;
  std::int64_t plays = 0, shown_ms = 0;
  std::vector<std::pair<std::string, std::int64_t>> top;  // title, plays
  std::vector<analytics::DeviceUptime> screens;
};

Week ReadWeek(Connection& c, const std::string& organization_id, const std::string& name,
              std::int64_t from, std::int64_t to, std::int64_t now) {
  Week week{.organization_name = name, .from = from, .to = to};
  for (const auto& item : analytics::PerformanceOfContent(c, organization_id, from, to)) {
    week.plays += item.impressions;
    week.shown_ms +=
        static_cast<std::int64_t>(item.avg_duration_ms * static_cast<double>(item.impressions));
    if (week.top.size() == kTopContent) continue;
    const auto title = c.Query("SELECT title FROM contents WHERE id = $1 AND organization_id = $2",
                               {item.content_id, organization_id});
    week.top.emplace_back(title.empty() ? "(deleted content)" : title[0].Text(0), item.impressions);
  }
  week.screens = analytics::Uptime(c, organization_id, from, to, now);
  return week;
}

platform::mail::MailMessage Summary(const platform::mail::MailSetup& mail,
                                    const UnsubscribeLinks& links, const Recipient& to,
                                    const Week& week, std::int64_t now) {
  const std::string first = platform::FormatIso8601(week.from).substr(0, 10);
  const std::string last = platform::FormatIso8601(week.to - 1).substr(0, 10);
  const std::string period = first + " to " + last;
  std::string text = "Your screens at " + week.organization_name + ", " + period + " (UTC):\n\n" +
                     Plays(week.plays) + ", " + Duration(week.shown_ms) + " on screen.\n";
  std::string html = "<p>Your screens at <b>" + EscapeHtml(week.organization_name) + "</b>, " +
                     period + " (UTC):</p><p><b>" + Plays(week.plays) + "</b>, " +
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

std::int64_t StartOfWeek(std::int64_t at) {
  const std::int64_t day = platform::FloorTo(at, kMillisPerDay) / kMillisPerDay;
  // 1970-01-01 was a Thursday: three days after a Monday.
  const std::int64_t since_monday = ((day + 3) % 7 + 7) % 7;
  return (day - since_monday) * kMillisPerDay;
}

int SendWeeklySummaries(platform::store::Database& db, const platform::mail::MailSetup& mail,
                        const UnsubscribeLinks& links, std::int64_t now) {
  if (!mail.from) return 0;
  const std::int64_t week_end = StartOfWeek(now);
  const std::int64_t week_start = week_end - kWeekMs;
  int summarized = 0;
  while (true) {
    const int done = db.TransactBlocking([&](Connection& c) {
      // Due: someone active asked for it, and this week has not gone yet.
      const auto due = c.Query(
          "SELECT o.id, o.name FROM organizations o "
          "LEFT JOIN weekly_summaries w ON w.organization_id = o.id "
          "WHERE (w.week_start IS NULL OR w.week_start < $1) AND EXISTS (SELECT 1 FROM users u "
          "JOIN notification_preferences p ON p.user_id = u.id AND p.topic = $2 AND "
          "p.enabled = 1 WHERE u.organization_id = o.id AND u.is_active = 1) "
          "ORDER BY o.id LIMIT " +
              std::to_string(kOrganizationsPerTransaction),
          {week_start, std::string(TopicName(Topic::kWeeklySummary))});
      for (const auto& row : due) {
        const std::string id = row.Text(0);
        c.Execute(
            "INSERT INTO weekly_summaries (organization_id, week_start) VALUES ($1, $2) "
            "ON CONFLICT (organization_id) DO UPDATE SET week_start = excluded.week_start",
            {id, week_start});
        const auto recipients = Recipients(c, id, Topic::kWeeklySummary, false);
        if (recipients.empty()) continue;
        const Week week = ReadWeek(c, id, row.Text(1), week_start, week_end, now);
        for (const auto& to : recipients) {
          platform::mail::EnqueueMail(c, Summary(mail, links, to, week, now));
        }
      }
      return static_cast<int>(due.size());
    });
    summarized += done;
    if (done < kOrganizationsPerTransaction) break;
  }
  return summarized;
}

void ScheduleWeeklySummaries(Connection& c, std::chrono::seconds delay) {
  platform::jobs::EnqueueUnlessQueued(c, kWeeklySummaryQueue, "{}",
                                      {.max_attempts = 1, .delay = delay});
}

}  // namespace vizora::notifications
