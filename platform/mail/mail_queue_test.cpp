// The mail queue against a real SMTP server (tests/support/smtp_sink.py, on aiosmtpd): what is
// enqueued arrives as written; a relay that is down is retried until it is back, and nothing is
// lost; a refused recipient is not retried; a relay that wants a login gets it; what could never
// be sent is refused in the transaction that asked for it. On SQLite and PostgreSQL.

#include "platform/mail/mail_queue.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "platform/app/database.hpp"
#include "platform/core/config.hpp"
#include "platform/core/error.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/support.hpp"

namespace platform::mail {
namespace {

using namespace std::chrono_literals;
using store::Connection;
using testing_support::Eventually;
using testing_support::SmtpSink;
using testing_support::UnusedPort;

MailMessage Note(std::string to, std::string id) {
  return {.from = {.email = "noreply@mail.example.com", .name = "Acme Alerts"},
          .to = {.email = std::move(to), .name = "Ada"},
          .subject = "Screen \"Lobby\" is offline",
          .text = "The screen Lobby has not been seen for 10 minutes.",
          .html = "<p>The screen <b>Lobby</b> has not been seen for 10 minutes.</p>",
          .unsubscribe_url = "https://mail.example.com/u/abc",
          .id = std::move(id)};
}

class MailQueueTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = store::Database::Open(database_, {.pool_size = 4});
    platform::app::ApplyMigrations(*db_, {});
    port_ = UnusedPort();
  }
  std::string Enqueue(const MailMessage& message) {
    return db_->TransactBlocking([&](Connection& c) { return EnqueueMail(c, message); });
  }
  jobs::JobState State(const std::string& id) {
    return *db_->ReadBlocking([&](Connection& c) { return jobs::StateOf(c, id); });
  }
  // The runner's backoff starts at 50 ms and doubles to `longest` (an hour in production).
  std::unique_ptr<jobs::Runner> Run(const std::string& smtp_url,
                                    std::chrono::milliseconds longest = 200ms) {
    SmtpSettings smtp = ParseSmtpUrl(smtp_url);
    smtp.timeout = 5s;
    return std::make_unique<jobs::Runner>(
        *db_, std::map<std::string, jobs::QueueWork>{{std::string(kMailQueue), MailWork(smtp)}},
        jobs::RunnerOptions{.threads = 2, .poll = 10ms, .backoff = {.base = 50ms, .max = longest}});
  }
  std::string Url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::unique_ptr<store::Database> db_;
  unsigned short port_ = 0;
};

TEST_P(MailQueueTest, WhatIsEnqueuedArrivesAsWritten) {
  SmtpSink sink(dir_.path() / "sink", port_);
  const std::string first = Enqueue(Note("ada@example.com", "offline.1"));
  const std::string second = Enqueue(Note("grace@example.com", "offline.2"));
  const auto runner = Run(Url());
  ASSERT_TRUE(Eventually([&] { return sink.Messages().size() == 2; }));
  // Each is marked done once its relay answered, a moment after the sink wrote it.
  ASSERT_TRUE(Eventually([&] { return State(first).state == "done"; }));
  ASSERT_TRUE(Eventually([&] { return State(second).state == "done"; }));
  EXPECT_EQ(State(first).attempts, 1);
  const auto messages = sink.Messages();
  const std::string& m = messages[0].raw.find("X-Envelope-To: ada@example.com") != std::string::npos
                             ? messages[0].raw
                             : messages[1].raw;
  EXPECT_NE(m.find("X-Envelope-From: noreply@mail.example.com\r\n"), std::string::npos) << m;
  EXPECT_NE(m.find("X-Envelope-To: ada@example.com\r\n"), std::string::npos);
  EXPECT_NE(m.find("Subject: Screen \"Lobby\" is offline\r\n"), std::string::npos);
  EXPECT_NE(m.find("Message-ID: <offline.1@mail.example.com>\r\n"), std::string::npos);
  EXPECT_NE(m.find("List-Unsubscribe: <https://mail.example.com/u/abc>\r\n"), std::string::npos);
  // The HTML part's first line of base64 (57 bytes encode to one 76-column line).
  EXPECT_NE(m.find(Base64Encode(Note("", "").html.substr(0, 57)) + "\r\n"), std::string::npos) << m;
  // A mail client shows what was written: Python's MIME parser decodes both parts.
  const std::string& shown = messages[0].raw == m ? messages[0].shown : messages[1].shown;
  EXPECT_NE(shown.find("Subject: Screen \"Lobby\" is offline\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find(Note("", "").text), std::string::npos);
  EXPECT_NE(shown.find(Note("", "").html), std::string::npos);
}

TEST_P(MailQueueTest, ARelayThatIsDownIsRetriedUntilItIsBackAndNothingIsLost) {
  const std::string id = Enqueue(Note("ada@example.com", "offline.3"));
  const auto runner = Run(Url(), 1s);
  // Nothing listens: attempts fail, the job waits with the reason.
  ASSERT_TRUE(Eventually([&] { return State(id).attempts >= 3; }));
  const jobs::JobState waiting = State(id);
  EXPECT_NE(waiting.state, "dead");
  EXPECT_NE(waiting.state, "done");
  ASSERT_TRUE(waiting.last_error);
  EXPECT_NE(waiting.last_error->find("mail not sent"), std::string::npos) << *waiting.last_error;
  // The relay comes back: the message goes, once.
  SmtpSink sink(dir_.path() / "sink", port_);
  ASSERT_TRUE(Eventually([&] { return State(id).state == "done"; }));
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST_P(MailQueueTest, AfterItsLastAttemptAMessageIsDeadWithItsError) {
  const std::string id = Enqueue(Note("ada@example.com", "offline.4"));
  const auto runner = Run(Url());
  ASSERT_TRUE(Eventually([&] { return State(id).state == "dead"; }, 30s));
  EXPECT_EQ(State(id).attempts, kMailAttempts);
  EXPECT_TRUE(State(id).last_error);
}

TEST_P(MailQueueTest, ARecipientTheRelayRefusesIsNotRetried) {
  SmtpSink sink(dir_.path() / "sink", port_);
  const std::string refused = Enqueue(Note("refuse@example.com", "offline.5"));
  const auto runner = Run(Url());
  ASSERT_TRUE(Eventually([&] { return State(refused).state == "done"; }));
  EXPECT_EQ(State(refused).attempts, 1);
  EXPECT_TRUE(sink.Messages().empty());
}

TEST_P(MailQueueTest, ARelayThatWantsALoginGetsIt) {
  SmtpSink sink(dir_.path() / "sink", port_, {"--user", "relay-user", "--password", "p@ss:w/rd"});
  // Without credentials, or with the wrong ones, the relay says no and the message waits.
  const std::string anonymous = Enqueue(Note("ada@example.com", "offline.6"));
  {
    const auto runner = Run(Url());
    ASSERT_TRUE(Eventually([&] { return State(anonymous).attempts >= 2; }));
  }
  EXPECT_NE(State(anonymous).state, "dead") << "a relay's login is configuration: mail waits";
  EXPECT_TRUE(sink.Messages().empty());
  // With them (percent-encoded in the URL, as any URL's user information), it goes.
  const auto runner = Run("smtp://relay-user:p%40ss%3Aw%2Frd@127.0.0.1:" + std::to_string(port_));
  ASSERT_TRUE(Eventually([&] { return State(anonymous).state == "done"; }));
  EXPECT_EQ(sink.Messages().size(), 1u);
}

TEST_P(MailQueueTest, WhatCouldNeverBeSentIsRefusedInItsTransaction) {
  MailMessage injected = Note("ada@example.com", "offline.7");
  injected.subject = "Hi\r\nBcc: everyone@example.com";
  try {
    db_->TransactBlocking([&](Connection& c) {
      jobs::Enqueue(c, "other", "written first");
      return EnqueueMail(c, injected);
    });
    FAIL() << "enqueued";
  } catch (const ErrorException& e) {
    EXPECT_EQ(e.error().kind, errors::kValidation);
  }
  EXPECT_EQ(db_->ReadBlocking([](Connection& c) { return jobs::CountDue(c); }), 0)
      << "the transaction rolled back, the other job with it";
}

INSTANTIATE_TEST_SUITE_P(Backends, MailQueueTest,
                         ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

TEST(SmtpUrlTest, SchemesHostsCredentialsAndWhenTlsIsRequired) {
  const SmtpSettings plain = ParseSmtpUrl("smtp://localhost:2525");
  EXPECT_EQ(plain.url, "smtp://localhost:2525");
  EXPECT_TRUE(plain.user.empty());
  EXPECT_FALSE(plain.require_tls);
  const SmtpSettings relay = ParseSmtpUrl("smtp://apikey:s%3Acret@smtp.example.com:587");
  EXPECT_EQ(relay.url, "smtp://smtp.example.com:587");
  EXPECT_EQ(relay.user, "apikey");
  EXPECT_EQ(relay.password, "s:cret");
  EXPECT_TRUE(relay.require_tls) << "a password for a relay elsewhere goes only over TLS";
  EXPECT_FALSE(ParseSmtpUrl("smtp://u:p@127.0.0.1:25").require_tls) << "this machine's own";
  const SmtpSettings implicit = ParseSmtpUrl("smtps://u:p@smtp.example.com");
  EXPECT_EQ(implicit.url, "smtps://smtp.example.com");
  EXPECT_FALSE(implicit.require_tls) << "TLS from the first byte already";
  for (const char* bad : {"", "smtp.example.com:25", "http://smtp.example.com", "smtp://",
                          "smtp://host/path", "smtp://host:0"}) {
    EXPECT_THROW(ParseSmtpUrl(bad), ConfigError) << bad;
  }
  try {
    ParseSmtpUrl("smtpx://user:hunter2@host");
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << "no password echoed";
  }
}

}  // namespace
}  // namespace platform::mail
