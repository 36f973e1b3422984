#pragma once

// The trial's reminders: 3 days and 1 day before an organization's trial ends, its billing
// address (or each active admin) is told when it ends, what the free plan keeps, and where to
// choose a plan. A recurring job (hourly) finds who is due; each reminder is counted in the
// transaction that queues its mail (organizations.trial_reminders_sent), so none goes twice
// and a run that dies sends nothing half. Without mail (no --smtp) nothing is due.

#include <chrono>
#include <cstdint>
#include <string_view>

#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"

namespace vizora::billing {

inline constexpr std::string_view kTrialRemindersQueue = "billing.trial_reminders";
inline constexpr std::chrono::hours kTrialRemindersEvery{1};

// Queues the reminders due at `now`; returns how many organizations were reminded.
int SendTrialReminders(platform::store::Database& db, const platform::mail::MailSetup& mail,
                       std::int64_t now);

// Queues the next run after `delay`, unless one is queued.
void ScheduleTrialReminders(platform::store::Connection& c, std::chrono::seconds delay);

}  // namespace vizora::billing
