#pragma once

// A real SMTP server for tests: tests/support/smtp_sink.py (aiosmtpd) in its own process on
// 127.0.0.1:port, writing what it accepts under a folder. It refuses `refuse@…` with 550 and,
// given a user and password, requires that login.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace testing_support {

// A loopback port nothing listens on yet: bound and released (a sink takes it a moment later).
unsigned short UnusedPort();

// Signing up mails a link to verify the address: tests about other mail leave it out.
inline constexpr std::string_view kVerificationSubject = "Confirm your email address";

struct SunkMail {
  std::string raw;    // the envelope's two lines, then the message as received
  std::string shown;  // "Subject: …\nTo: …\n\n" + the text part + "\n--html--\n" + the HTML
};

// The token a mailed link carries after `link` ("https://…/reset-password?token="), or "".
std::string TokenAfter(const SunkMail& mail, std::string_view link);

class SmtpSink {
 public:
  SmtpSink(const std::filesystem::path& dir, unsigned short port,
           std::vector<std::string> extra_args = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  // What it accepted, oldest first; without those whose subject starts with `except_subject`.
  std::vector<SunkMail> Messages(std::string_view except_subject = {}) const;
  // The same once `count` have arrived (or what there is after 15 s).
  std::vector<SunkMail> AtLeast(std::size_t count, std::string_view except_subject = {}) const;

 private:
  std::filesystem::path dir_;
  int pid_ = -1;
};

}  // namespace testing_support
