#pragma once

// The weekly proof-of-play summary (issue 23), for those who ask for it (the weeklySummary
// topic, off by default): after each week (Monday to Sunday in the organization's time zone), what
// the organization's screens played (how often, for how long, the most shown items) and how much
// each screen was online, with a link to the analytics page and a one-click unsubscribe. A
// recurring job (hourly) mails each organization once per week: the week is recorded in the
// transaction that queues the mail (weekly_summaries). Without mail (no --smtp) nothing is due.

#include <chrono>
#include <cstdint>
#include <string_view>

#include "platform/core/time_zone.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"
#include "vizora/notifications/preferences.hpp"

namespace vizora::notifications {

inline constexpr std::string_view kWeeklySummaryQueue = "notifications.weekly_summary";
inline constexpr std::chrono::hours kWeeklySummaryEvery{1};

// The whole week before the one holding `now`, Monday 00:00 to Monday 00:00 on the clocks of
// `zone` (168 hours, or one less or more across a change of daylight-saving time).
struct WeekBounds {
  std::int64_t start = 0, end = 0;
};
WeekBounds LastWholeWeek(const platform::TimeZone& zone, std::int64_t now);

// Queues the summaries of the week before the one holding `now` that are due; returns how many
// organizations were summarized.
int SendWeeklySummaries(platform::store::Database& db, const platform::mail::MailSetup& mail,
                        const UnsubscribeLinks& links, std::int64_t now);

// Queues the next run after `delay`, unless one is queued.
void ScheduleWeeklySummaries(platform::store::Connection& c, std::chrono::seconds delay);

}  // namespace vizora::notifications
