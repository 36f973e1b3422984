#include "tests/support/mailing_server.hpp"

#include <gtest/gtest.h>

#include "platform/store/database.hpp"
#include "tests/support/eventually.hpp"

namespace testing_support {

std::vector<SunkMail> MailingServerTest::RunJobAndCollect(std::string_view queue) {
  auto db = platform::store::Database::Open(database_, {.pool_size = 1});
  const auto count = [&](const std::string& where) {
    return db->ReadBlocking([&](platform::store::Connection& c) {
      return c.Query("SELECT COUNT(*) FROM jobs WHERE " + where)[0].Int(0);
    });
  };
  const std::string mine = "queue = '" + std::string(queue) + "' AND state = 'queued'";
  const std::string next_run = mine + " AND run_at > 0";
  EXPECT_TRUE(Eventually([&] { return count(next_run) > 0; })) << queue << " is scheduled";
  db->TransactBlocking([&](platform::store::Connection& c) {
    c.Execute("UPDATE jobs SET run_at = 0 WHERE " + mine);
  });
  EXPECT_TRUE(Eventually([&] { return count(next_run) > 0; })) << queue << " ran";
  EXPECT_TRUE(Eventually([&] {
    return count("queue = 'mail.send' AND state IN ('queued', 'running')") == 0;
  })) << "its mail went";
  return sink_->Messages(kVerificationSubject);
}

}  // namespace testing_support
