#include "platform/store/batch_writer.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "tests/support/support.hpp"

namespace platform::store {
namespace {

class BatchWriterTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = Database::Open(database_, {.pool_size = 2});
    db_->TransactBlocking([](Connection& c) {
      c.ExecuteScript("CREATE TABLE events (n BIGINT NOT NULL, batch BIGINT NOT NULL)");
    });
  }
  std::int64_t Count(std::string_view sql) {
    return db_->ReadBlocking([&](Connection& c) { return c.Query(sql)[0].Int(0); });
  }
  // Inserts every item; counts the transactions it was called in.
  BatchWriter<std::int64_t>::WriteBatch Inserter() {
    return [this](Connection& c, std::vector<std::int64_t>& batch) {
      const std::int64_t id = ++batches_;
      for (auto n : batch) {
        if (n < 0) throw std::runtime_error("poison");
        c.Execute("INSERT INTO events (n, batch) VALUES ($1, $2)", {n, id});
      }
    };
  }
  std::unique_ptr<Database> db_;
  std::atomic<std::int64_t> batches_{0};
};

TEST_P(BatchWriterTest, ManyPushesFromManyThreadsBecomeFewTransactions) {
  BatchWriter<std::int64_t> writer(*db_, Inserter(), {.interval = std::chrono::milliseconds(50)});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&writer, t] {
      for (int i = 0; i < 2500; ++i) ASSERT_TRUE(writer.Push(t * 10000 + i));
    });
  }
  for (auto& t : threads) t.join();
  writer.Flush();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 10000);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT n) FROM events"), 10000);
  EXPECT_EQ(writer.written(), 10000u);
  EXPECT_LT(batches_.load(), 100) << "batched, not one transaction per item";
}

TEST_P(BatchWriterTest, CompletionsSayWhetherTheirBatchWasCommitted) {
  BatchWriter<std::int64_t> writer(*db_, Inserter(), {.interval = std::chrono::hours(1)});
  std::mutex mutex;
  std::vector<std::pair<std::int64_t, bool>> done;
  const auto record = [&](std::int64_t n) {
    return [&, n](bool committed) {
      // Called after the commit: the row is there to read (or not, when rolled back).
      const auto rows = Count("SELECT COUNT(*) FROM events WHERE n = " + std::to_string(n));
      EXPECT_EQ(rows, committed ? 1 : 0);
      std::lock_guard lock(mutex);
      done.emplace_back(n, committed);
    };
  };
  writer.Push(1, record(1));
  writer.Push(2);  // no completion wanted
  writer.Flush();
  writer.Push(3, record(3));
  writer.Push(-1, record(-1));  // poisons its batch: 3 is rolled back with it
  writer.Flush();
  writer.Push(4, record(4));
  writer.Flush();
  std::lock_guard lock(mutex);
  EXPECT_EQ(done, (std::vector<std::pair<std::int64_t, bool>>{
                      {1, true}, {3, false}, {-1, false}, {4, true}}));
}

TEST_P(BatchWriterTest, APoisonedBatchIsRolledBackWholeAndTheNextOnesStillLand) {
  BatchWriter<std::int64_t> writer(*db_, Inserter(), {.interval = std::chrono::hours(1)});
  writer.Push(1);
  writer.Push(-1);  // fails its batch: neither 1 nor -1 is written
  writer.Flush();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 0);
  writer.Push(2);
  writer.Flush();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 1);
}

TEST_P(BatchWriterTest, AFullQueueRefusesInsteadOfGrowing) {
  std::atomic<bool> release{false};
  BatchWriter<std::int64_t> writer(
      *db_,
      [&](Connection&, std::vector<std::int64_t>&) {
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      },
      {.interval = std::chrono::milliseconds(1), .max_batch = 10, .max_queue = 20});
  writer.Push(0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the writer is now stuck on it
  int accepted = 0;
  for (int i = 0; i < 100; ++i) accepted += writer.Push(i) ? 1 : 0;
  EXPECT_EQ(accepted, 20);
  EXPECT_EQ(writer.dropped(), 80u);
  release = true;
}

TEST_P(BatchWriterTest, DestructionWritesWhatIsQueued) {
  {
    BatchWriter<std::int64_t> writer(*db_, Inserter(), {.interval = std::chrono::hours(1)});
    for (int i = 0; i < 100; ++i) writer.Push(i);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 100);
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchWriterTest,
                         ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

}  // namespace
}  // namespace platform::store
