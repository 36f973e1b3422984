#pragma once

// The outbound mail queue, on the platform's job queue (platform/jobs): a message is enqueued
// in the caller's transaction, so it exists exactly when the change that sends it commits (an
// invitation's mail with the invitation, never one without the other), then a worker renders
// and sends it. A relay that is down or answers 4xx fails the attempt, retried with the
// runner's exponential backoff (1 s doubling to an hour) for kMailAttempts attempts, about
// four hours; after that the job is dead with its last error, kept for an operator. A message
// the relay refuses for good (5xx) is not retried: it is logged and done. Jobs run at least
// once, so a worker killed between the relay's "250" and the job's completion sends again,
// with the same Message-ID, which lets receivers drop the copy.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/jobs/job_runner.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/mail/smtp_sender.hpp"
#include "platform/store/database.hpp"

namespace platform::mail {

inline constexpr std::string_view kMailQueue = "mail.send";
inline constexpr std::int64_t kMailAttempts = 16;

// Adds `message` to the queue inside `c`'s transaction; returns the job's id. Throws
// ErrorException (VALIDATION, MessageProblem's words) for a message that could never be sent,
// so the transaction rolls back rather than queue it.
std::string EnqueueMail(store::Connection& c, const MailMessage& message);

// The queue's work for a jobs::Runner: sends each message with `smtp`.
jobs::QueueWork MailWork(SmtpSettings smtp);

// A runner of its own for the mail queue, one thread, so that mail never waits behind a
// product's long jobs (a video being converted); null without `smtp`. Its instance is
// `instance` + "-mail": make it after the product's own runner, whose start takes back what a
// killed earlier life of the instance left running, this runner's jobs included.
std::unique_ptr<jobs::Runner> StartMailRunner(store::Database& db,
                                              const std::optional<SmtpSettings>& smtp,
                                              const std::string& instance);

// The message a job carries (for tests and tools); throws std::runtime_error on a payload that
// is not one.
MailMessage MailOf(std::string_view payload);

}  // namespace platform::mail
