// The event store on a real database (both backends): Record answers only once its events are
// committed, duplicates count once, many events become few transactions, and a full queue
// is reported (the player keeps the events) instead of losing them silently.
#include "vizora/analytics/event_store.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/async.hpp"
#include "tests/support/module_database.hpp"
#include "tests/support/support.hpp"

namespace vizora::analytics {
namespace {

using platform::store::Connection;
using testing_support::RunToCompletion;

class EventStoreTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = testing_support::OpenMigrated(database_);
    testing_support::AddOrganization(*db_, org_);
  }

  static std::vector<DeviceEvent> Impressions(const std::vector<std::string>& ids) {
    std::vector<DeviceEvent> out;
    for (const auto& id : ids) {
      out.emplace_back(Impression{.id = id,
                                  .content_id = "c",
                                  .started_at = platform::NowMillis(),
                                  .duration_ms = 1000,
                                  .completed = true});
    }
    return out;
  }

  std::int64_t Stored() {
    return db_->ReadBlocking(
        [&](Connection& c) { return c.Query("SELECT COUNT(*) FROM impressions")[0].Int(0); });
  }

  std::string org_ = platform::NewId();
  std::unique_ptr<platform::store::Database> db_;
  boost::asio::io_context io_;
};

TEST_P(EventStoreTest, AnswersOnceCommittedAndCountsResendsOnce) {
  EventStore store(*db_);
  std::vector<std::string> ids;
  for (int i = 0; i < 1200; ++i) ids.push_back(platform::NewId());  // more than one statement
  EXPECT_TRUE(RunToCompletion(io_, store.Record(org_, "d", Impressions(ids))));
  EXPECT_EQ(Stored(), 1200) << "committed before Record returned";
  // The same again, plus one: one more row.
  ids.push_back(platform::NewId());
  EXPECT_TRUE(RunToCompletion(io_, store.Record(org_, "d", Impressions(ids))));
  EXPECT_EQ(Stored(), 1201);
  // Playback errors go to their own table.
  std::vector<DeviceEvent> errors{PlaybackError{.id = platform::NewId(),
                                                .content_id = "c",
                                                .error_type = "decode",
                                                .error_message = "bad frame",
                                                .occurred_at = platform::NowMillis()}};
  EXPECT_TRUE(RunToCompletion(io_, store.Record(org_, "d", std::move(errors))));
  EXPECT_EQ(db_->ReadBlocking([&](Connection& c) {
    return c.Query("SELECT COUNT(*) FROM playback_errors")[0].Int(0);
  }),
            1);
}

TEST_P(EventStoreTest, AFullQueueIsReportedNotLostSilently) {
  // A writer that waits an hour between batches and holds two events.
  EventStore store(*db_, {.interval = std::chrono::hours(1), .max_batch = 100, .max_queue = 2});
  bool answered = false, stored = false;
  auto three = Impressions({platform::NewId(), platform::NewId(), platform::NewId()});
  boost::asio::co_spawn(
      io_,
      [&]() -> boost::asio::awaitable<void> {
        stored = co_await store.Record(org_, "d", std::move(three));
        answered = true;
      },
      boost::asio::detached);
  io_.run_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(answered) << "two events are still waiting for their batch";
  store.Flush();
  io_.restart();
  io_.run_for(std::chrono::milliseconds(200));
  EXPECT_TRUE(answered);
  EXPECT_FALSE(stored) << "the third did not fit: the player must send it again";
  EXPECT_EQ(Stored(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStoreTest,
                         ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

}  // namespace
}  // namespace vizora::analytics
