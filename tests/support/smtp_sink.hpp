#pragma once

// A real SMTP server for tests: tests/support/smtp_sink.py (aiosmtpd) in its own process on
// 127.0.0.1:port, writing what it accepts under a folder. It refuses `refuse@…` with 550 and,
// given a user and password, requires that login.

#include <filesystem>
#include <string>
#include <vector>

namespace testing_support {

// A loopback port nothing listens on yet: bound and released (a sink takes it a moment later).
unsigned short UnusedPort();

struct SunkMail {
  std::string raw;    // the envelope's two lines, then the message as received
  std::string shown;  // "Subject: …\nTo: …\n\n" + the text part + "\n--html--\n" + the HTML
};

class SmtpSink {
 public:
  SmtpSink(const std::filesystem::path& dir, unsigned short port,
           std::vector<std::string> extra_args = {});
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  // What it accepted, oldest first.
  std::vector<SunkMail> Messages() const;

 private:
  std::filesystem::path dir_;
  int pid_ = -1;
};

}  // namespace testing_support
