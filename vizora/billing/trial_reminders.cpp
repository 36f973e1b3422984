#include "vizora/billing/trial_reminders.hpp"

#include <string>
#include <vector>

#include "platform/core/clock.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/mail/mail_queue.hpp"
#include "vizora/billing/billing_mail.hpp"
#include "vizora/billing/plans.hpp"

namespace vizora::billing {

using platform::mail::EscapeHtml;
using platform::mail::MailAddress;
using platform::store::Connection;

namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
// The n-th reminder goes this long before the trial ends.
constexpr std::int64_t kReminderLeads[] = {3 * kDayMs, 1 * kDayMs};
constexpr int kReminders = 2;
// Organizations reminded per transaction: a run is many short transactions, not one long one.
constexpr int kBatch = 50;

platform::mail::MailMessage Reminder(const platform::mail::MailSetup& mail, const MailAddress& to,
                                     const std::string& name, std::int64_t ends_at,
                                     std::int64_t now, const std::string& id) {
  const std::int64_t days = std::max<std::int64_t>(1, (ends_at - now + kDayMs - 1) / kDayMs);
  const std::string when = days == 1 ? "tomorrow" : "in " + std::to_string(days) + " days";
  const std::string date = platform::FormatIso8601(ends_at).substr(0, 10);
  const std::string link = mail.public_url + "/billing";
  const Plan& free = FreePlan();
  const std::string keeps = "the free plan's " + std::to_string(free.screens) + " screens and " +
                            std::to_string(free.users) + " people";
  const std::string text = "The Vizora trial of " + name + " ends " + when + " (" + date +
                           ").\n\nAfter that " + keeps +
                           " apply: nothing is deleted, and screens beyond them keep playing what "
                           "they have. Choose a plan to keep more:\n\n" +
                           link + "\n";
  const std::string html = "<p>The Vizora trial of <b>" + EscapeHtml(name) + "</b> ends " +
                           EscapeHtml(when) + " (" + date + ").</p><p>After that " +
                           EscapeHtml(keeps) +
                           " apply: nothing is deleted, and screens beyond them keep playing what "
                           "they have.</p><p><a href=\"" +
                           EscapeHtml(link) + "\">Choose a plan</a></p>";
  return {.from = *mail.from,
          .to = to,
          .subject = "Your Vizora trial for " + name + " ends " + when,
          .text = text,
          .html = html,
          .id = id};
}

}  // namespace

int SendTrialReminders(platform::store::Database& db, const platform::mail::MailSetup& mail,
                       std::int64_t now) {
  if (!mail.from) return 0;
  int reminded = 0;
  // The last reminder first: a trial first found a day from its end gets that one only.
  for (int n = kReminders - 1; n >= 0; --n) {
    while (true) {
      const int sent = db.TransactBlocking([&](Connection& c) {
        // Due: on trial, not yet sent this reminder, within its lead of the end (and not
        // past it: an ended trial needs no reminder).
        const auto due = c.Query(
            "SELECT id, name, billing_email, trial_ends_at FROM organizations "
            "WHERE subscription_status = 'trial' AND trial_reminders_sent <= $1 "
            "AND trial_ends_at > $2 AND trial_ends_at <= $3 ORDER BY id LIMIT " +
                std::to_string(kBatch),
            {std::int64_t{n}, now, now + kReminderLeads[n]});
        for (const auto& row : due) {
          const std::string id = row.Text(0), name = row.Text(1);
          c.Execute(
              "UPDATE organizations SET trial_reminders_sent = $2 WHERE id = $1 AND "
              "trial_reminders_sent <= $3",
              {id, std::int64_t{n + 1}, std::int64_t{n}});
          int k = 0;
          for (const auto& to : BillingRecipients(c, id, name, row.OptText(2))) {
            platform::mail::EnqueueMail(c, Reminder(mail, to, name, row.Int(3), now,
                                                    "trial-reminder." + std::to_string(n + 1) +
                                                        "." + id + "." + std::to_string(++k)));
          }
        }
        return static_cast<int>(due.size());
      });
      reminded += sent;
      if (sent < kBatch) break;
    }
  }
  return reminded;
}

void ScheduleTrialReminders(Connection& c, std::chrono::seconds delay) {
  platform::jobs::EnqueueUnlessQueued(c, kTrialRemindersQueue, "{}",
                                      {.max_attempts = 1, .delay = delay});
}

}  // namespace vizora::billing
