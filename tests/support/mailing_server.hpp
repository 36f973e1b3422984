#pragma once

// A Vizora server that sends mail, to a real SMTP server of the test's own (SmtpSink), with
// links under https://signs.example.com: the fixture of every test about Vizora's mail.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/smtp_sink.hpp"
#include "tests/support/support.hpp"

namespace testing_support {

class MailingServerTest : public ServerBackendTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    return {"--smtp",       "smtp://127.0.0.1:" + std::to_string(smtp_port_),
            "--public-url", "https://signs.example.com",
            "--mail-from",  "Acme Signs <noreply@signs.example.com>"};
  }
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    sink_ = std::make_unique<SmtpSink>(dir_.path() / "smtp", smtp_port_);
  }

  // Runs the recurring job of `queue` now (as its time had come) and returns the mail but
  // email confirmations once the job and the mail it queued are done.
  std::vector<SunkMail> RunJobAndCollect(std::string_view queue);

  const unsigned short smtp_port_ = UnusedPort();
  std::unique_ptr<SmtpSink> sink_;
};

}  // namespace testing_support
