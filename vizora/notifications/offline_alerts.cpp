#include "vizora/notifications/offline_alerts.hpp"

#include <map>
#include <string>
#include <vector>

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/mail/mail_queue.hpp"

namespace vizora::notifications {

using platform::mail::EscapeHtml;
using platform::store::Connection;

namespace {

constexpr std::int64_t kMinuteMs = 60'000;
// Darkness older than this when first noticed is recorded, not mailed.
constexpr std::int64_t kTooOldToReportMs = 24 * 60 * kMinuteMs;
// Screens looked at per run: the rest wait for the next minute.
constexpr int kScreensPerRun = 500;

struct DarkScreen {
  std::string id, nickname, location;
  std::int64_t seen = 0;  // the last sign of life
};

std::string Since(std::int64_t seen, std::int64_t now) {
  const std::int64_t minutes = (now - seen) / kMinuteMs;
  if (minutes < 120) return std::to_string(minutes) + " minutes";
  return std::to_string(minutes / 60) + " hours";
}

platform::mail::MailMessage Alert(const platform::mail::MailSetup& mail,
                                  const UnsubscribeLinks& links, const Recipient& to,
                                  const std::string& organization,
                                  const std::vector<DarkScreen>& screens, std::int64_t now) {
  const std::string subject =
      screens.size() == 1
          ? "Screen " + screens[0].nickname + " of " + organization + " is offline"
          : std::to_string(screens.size()) + " screens of " + organization + " are offline";
  std::string text_list, html_list;
  for (const auto& s : screens) {
    const std::string where = s.location.empty() ? "" : " (" + s.location + ")";
    const std::string line = s.nickname + where + ": no sign of life for " + Since(s.seen, now) +
                             ", since " + platform::FormatIso8601(s.seen).substr(0, 16) + " UTC";
    text_list += "* " + line + "\n";
    html_list += "<li>" + EscapeHtml(line) + "</li>";
  }
  const std::string screens_link = mail.public_url + "/screens";
  const auto unsubscribe = links.For(mail.public_url, to.user_id, Topic::kOfflineAlerts, now);
  const std::string& page = unsubscribe.page;
  const std::string text =
      (screens.size() == 1 ? "A screen of " + organization + " has gone dark:\n\n"
                           : "Screens of " + organization + " have gone dark:\n\n") +
      text_list +
      "\nIt may have lost power or its network. It will keep playing what it has once it is "
      "back. See your screens:\n\n" +
      screens_link + "\n\nStop these alerts: " + page + "\n";
  const std::string html =
      "<p>" +
      EscapeHtml(screens.size() == 1 ? "A screen of " + organization + " has gone dark:"
                                     : "Screens of " + organization + " have gone dark:") +
      "</p><ul>" + html_list +
      "</ul><p>It may have lost power or its network. It will keep playing what it has once it "
      "is back.</p><p><a href=\"" +
      EscapeHtml(screens_link) +
      "\">See your screens</a></p><p style=\"color:#666;font-size:12px\"><a href=\"" +
      EscapeHtml(page) + "\">Stop these alerts</a></p>";
  // One incident set, one message per person: the same run retried sends the same id.
  std::string incidents = to.user_id;
  for (const auto& s : screens) incidents += "/" + s.id + "@" + std::to_string(s.seen);
  return {.from = *mail.from,
          .to = to.address,
          .subject = subject,
          .text = text,
          .html = html,
          .unsubscribe_url = unsubscribe.one_click,
          .id = "offline-alert." + platform::auth::HashToken(incidents).substr(0, 32)};
}

}  // namespace

int SendOfflineAlerts(platform::store::Database& db, const platform::mail::MailSetup& mail,
                      const UnsubscribeLinks& links, std::int64_t now) {
  if (!mail.from) return 0;
  return db.TransactBlocking([&](Connection& c) {
    // Paired screens past their organization's threshold whose current darkness (its last
    // sign of life) has not been reported.
    const auto rows = c.Query(
        "SELECT d.id, d.organization_id, d.nickname, d.location, "
        "COALESCE(d.last_heartbeat, d.paired_at) AS seen, o.name "
        "FROM devices d JOIN organizations o ON o.id = d.organization_id "
        "LEFT JOIN notification_settings s ON s.organization_id = d.organization_id "
        "WHERE d.status <> 'pairing' AND d.paired_at IS NOT NULL "
        "AND COALESCE(s.offline_alert_minutes, $2) > 0 "
        // CAST: PostgreSQL would take $1 for the integer it is subtracted from.
        "AND COALESCE(d.last_heartbeat, d.paired_at) < CAST($1 AS BIGINT) - "
        "COALESCE(s.offline_alert_minutes, $2) * 60000 "
        "AND (d.offline_alerted_for IS NULL OR "
        "d.offline_alerted_for <> COALESCE(d.last_heartbeat, d.paired_at)) "
        "ORDER BY d.organization_id, d.nickname LIMIT " +
            std::to_string(kScreensPerRun),
        {now, std::int64_t{kDefaultOfflineAlertMinutes}});
    std::map<std::string, std::pair<std::string, std::vector<DarkScreen>>> by_organization;
    for (const auto& row : rows) {
      DarkScreen screen{
          .id = row.Text(0), .nickname = row.Text(2), .location = row.Text(3), .seen = row.Int(4)};
      c.Execute("UPDATE devices SET offline_alerted_for = $2 WHERE id = $1",
                {screen.id, screen.seen});
      if (now - screen.seen > kTooOldToReportMs) continue;
      auto& [name, screens] = by_organization[row.Text(1)];
      name = row.Text(5);
      screens.push_back(std::move(screen));
    }
    int reported = 0;
    for (const auto& [organization_id, entry] : by_organization) {
      const auto& [name, screens] = entry;
      for (const auto& to : Recipients(c, organization_id, Topic::kOfflineAlerts, true)) {
        platform::mail::EnqueueMail(c, Alert(mail, links, to, name, screens, now));
      }
      reported += static_cast<int>(screens.size());
    }
    return reported;
  });
}

void ScheduleOfflineAlerts(Connection& c, std::chrono::seconds delay) {
  platform::jobs::EnqueueUnlessQueued(c, kOfflineAlertsQueue, "{}",
                                      {.max_attempts = 1, .delay = delay});
}

}  // namespace vizora::notifications
