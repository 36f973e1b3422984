#pragma once

// Screens gone dark (issue 23): when a paired screen has shown no sign of life for the
// organization's threshold (15 minutes unless an admin chose otherwise; 0: off), its admins and
// managers who want offline alerts hear of it once per incident: the screen's last sign of
// life is recorded with the mail (devices.offline_alerted_for) in one transaction, so a screen
// that comes back and goes dark again is a new incident, and one that stays dark is not mailed
// again. Screens of one organization found in one run go in one digest. A recurring job
// (every minute); screens dark for over a day before they were noticed (alerts just turned on,
// a server just upgraded) are recorded without mail. Without mail (no --smtp) nothing is due.

#include <chrono>
#include <cstdint>
#include <string_view>

#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"
#include "vizora/notifications/preferences.hpp"

namespace vizora::notifications {

inline constexpr std::string_view kOfflineAlertsQueue = "notifications.offline_alerts";
inline constexpr std::chrono::minutes kOfflineAlertsEvery{1};

// Queues the alerts due at `now`; returns how many screens were reported.
int SendOfflineAlerts(platform::store::Database& db, const platform::mail::MailSetup& mail,
                      const UnsubscribeLinks& links, std::int64_t now);

// Queues the next run after `delay`, unless one is queued.
void ScheduleOfflineAlerts(platform::store::Connection& c, std::chrono::seconds delay);

}  // namespace vizora::notifications
