#pragma once

// Sending one message to an SMTP relay, with libcurl's SMTP (DESIGN.md: a well-kept library,
// not a hand-written protocol). `--smtp smtp://[user:pass@]host[:port]` upgrades with STARTTLS
// when the relay offers it, and insists on it when the URL carries credentials for a relay
// beyond this machine, so a password never crosses a network in clear; `smtps://` is TLS from
// the first byte (port 465). Sending blocks: call it from a worker thread.

#include <chrono>
#include <string>
#include <string_view>

namespace platform::mail {

struct SmtpSettings {
  std::string url;  // "smtp://host:port" or "smtps://host:port", credentials taken out
  std::string user, password;
  bool require_tls = false;  // STARTTLS must succeed, or nothing is sent
  std::chrono::seconds timeout{30};
};

// Parses --smtp. Throws platform::ConfigError saying what is wrong (never echoing a password).
SmtpSettings ParseSmtpUrl(std::string_view url);

enum class SendOutcome {
  kSent,
  kRetry,     // the relay could not be reached, or answered 4xx: try again later
  kRejected,  // the relay refused this message for good (5xx): trying again cannot help
};

struct SendResult {
  SendOutcome outcome = SendOutcome::kRetry;
  std::string error;  // what the relay or libcurl said, for the job's last error
};

// Sends `rendered` (RenderMessage's text) from `from` to `to`, addresses only.
SendResult SendMail(const SmtpSettings& settings, std::string_view from, std::string_view to,
                    std::string_view rendered);

}  // namespace platform::mail
