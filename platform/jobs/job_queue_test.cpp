#include "platform/jobs/job_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "platform/app/database.hpp"
#include "platform/jobs/job_runner.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/support.hpp"

namespace platform::jobs {
namespace {

using namespace std::chrono_literals;
using store::Connection;
using testing_support::Eventually;

class JobsTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = store::Database::Open(database_, {.pool_size = 4});
    // The platform's own migrations, so the test proves the real table.
    platform::app::ApplyMigrations(*db_, {});
  }
  std::string Add(std::string_view queue, std::string_view payload, EnqueueOptions o = {}) {
    return db_->TransactBlocking([&](Connection& c) { return Enqueue(c, queue, payload, o); });
  }
  JobState State(const std::string& id) {
    return *db_->ReadBlocking([&](Connection& c) { return StateOf(c, id); });
  }
  std::unique_ptr<store::Database> db_;
};

TEST_P(JobsTest, TheDueCountLeavesOutDelayedAndFinishedJobs) {
  Add("count", "now-1");
  Add("count", "now-2");
  Add("count", "later", {.delay = 60s});
  const auto claimed =
      db_->TransactBlocking([&](Connection& c) { return Claim(c, {"count"}, "worker-1", 60s); });
  ASSERT_TRUE(claimed);
  EXPECT_EQ(db_->ReadBlocking([](Connection& c) { return CountDue(c); }), 1)
      << "one due and waiting: the other runs, the third is not due yet";
}

TEST_P(JobsTest, EveryJobRunsOnceAcrossCompetingRunners) {
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) ids.push_back(Add("work", std::to_string(i)));
  std::mutex mutex;
  std::multiset<std::string> ran;
  auto handler = [&](const Job& job) {
    std::lock_guard lock(mutex);
    ran.insert(job.payload);
  };
  {
    Runner a(*db_, {{"work", {handler}}}, {.threads = 2, .poll = 10ms});
    Runner b(*db_, {{"work", {handler}}}, {.threads = 2, .poll = 10ms});
    ASSERT_TRUE(Eventually([&] { return a.completed() + b.completed() == 200; }));
  }
  EXPECT_EQ(ran.size(), 200u);
  EXPECT_EQ(std::set<std::string>(ran.begin(), ran.end()).size(), 200u) << "none ran twice";
  for (const auto& id : ids) EXPECT_EQ(State(id).state, "done");
}

TEST_P(JobsTest, FailuresAreRetriedWithBackoffThenKeptDead) {
  const std::string id = Add("flaky", "x", {.max_attempts = 3});
  std::vector<std::chrono::steady_clock::time_point> attempts;
  std::mutex mutex;
  std::vector<std::string> given_up;
  Runner runner(
      *db_,
      {{"flaky",
        {.run =
             [&](const Job&) {
               std::lock_guard lock(mutex);
               attempts.push_back(std::chrono::steady_clock::now());
               throw std::runtime_error("corrupt file " + std::to_string(attempts.size()));
             },
         .given_up =
             [&](const Job& job, const std::string& reason) {
               std::lock_guard lock(mutex);
               EXPECT_EQ(State(job.id).state, "running") << "told before it is dead";
               given_up.push_back(reason);
             }}}},
      {.threads = 1, .poll = 5ms, .backoff = {.base = 100ms, .max = 1s}});
  ASSERT_TRUE(Eventually([&] { return State(id).state == "dead"; }));
  const JobState dead = State(id);
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_EQ(dead.last_error, "corrupt file 3");
  std::lock_guard lock(mutex);
  ASSERT_EQ(attempts.size(), 3u);
  EXPECT_GE(attempts[1] - attempts[0], 95ms);   // base
  EXPECT_GE(attempts[2] - attempts[1], 195ms);  // doubled
  EXPECT_EQ(given_up, std::vector<std::string>{"corrupt file 3"}) << "once, with the last error";
}

TEST_P(JobsTest, AJobWhoseWorkerIsLostOnItsLastAttemptIsGivenUpNotRunAgain) {
  const std::string id = Add("crashy", "x", {.max_attempts = 2});
  // Two workers take it in turn and die (the input kills them, say).
  for (int attempt = 1; attempt <= 2; ++attempt) {
    const auto claimed =
        db_->TransactBlocking([&](Connection& c) { return Claim(c, {"crashy"}, "doomed", 50ms); });
    ASSERT_TRUE(claimed);
    EXPECT_EQ(claimed->attempts, attempt);
    EXPECT_FALSE(claimed->worker_lost);
    std::this_thread::sleep_for(60ms);
  }
  std::atomic<int> ran{0};
  std::mutex mutex;
  std::vector<std::string> reasons;
  Runner runner(*db_,
                {{"crashy",
                  {.run = [&](const Job&) { ++ran; },
                   .given_up =
                       [&](const Job& job, const std::string& reason) {
                         std::lock_guard lock(mutex);
                         EXPECT_TRUE(job.worker_lost);
                         reasons.push_back(reason);
                       }}}},
                {.threads = 1, .poll = 10ms});
  ASSERT_TRUE(Eventually([&] { return State(id).state == "dead"; }));
  EXPECT_EQ(ran.load(), 0) << "a third worker is not risked";
  EXPECT_EQ(State(id).attempts, 2);
  EXPECT_NE(State(id).last_error->find("worker was lost"), std::string::npos);
  std::lock_guard lock(mutex);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].find("worker was lost"), std::string::npos);
}

TEST_P(JobsTest, AGiveUpThatFailsIsTriedAgainWhenTheLeaseRunsOut) {
  const std::string id = Add("once", "x", {.max_attempts = 1});
  std::atomic<int> tries{0};
  Runner runner(*db_,
                {{"once",
                  {.run = [](const Job&) { throw std::runtime_error("broken"); },
                   .given_up =
                       [&](const Job&, const std::string&) {
                         if (++tries == 1) throw std::runtime_error("the database went away");
                       }}}},
                {.threads = 1, .lease = 200ms, .poll = 10ms});
  ASSERT_TRUE(Eventually([&] { return State(id).state == "dead"; }));
  EXPECT_EQ(tries.load(), 2);
}

TEST_P(JobsTest, ARecurringJobQueuesItsNextRunEvenWhenARunFails) {
  Add("sweep", "", {.max_attempts = 1});
  std::atomic<int> runs{0}, scheduled{0};
  Runner runner(*db_,
                {{"sweep", Recurring(
                               [&] {
                                 if (++runs == 1) throw std::runtime_error("the disk was away");
                               },
                               [&] {
                                 if (++scheduled < 3) Add("sweep", "", {.max_attempts = 1});
                               })}},
                {.threads = 1, .poll = 10ms});
  ASSERT_TRUE(Eventually([&] { return scheduled.load() == 3; }));
  EXPECT_EQ(runs.load(), 3) << "the failed first run queued the second, which queued the third";
}

// Storage down for longer than a job's attempts would last: the job waits the outage out and
// runs once it is over, never given up for it.
TEST_P(JobsTest, AnOutageDefersAJobWithoutUsingUpItsAttempts) {
  const std::string id = Add("work", "x", {.max_attempts = 1});
  std::atomic<int> runs{0};
  std::atomic<bool> down{true};
  const auto started = std::chrono::steady_clock::now();
  Runner runner(*db_,
                {{"work",
                  {.run =
                       [&](const Job&) {
                         ++runs;
                         if (down) throw ErrorException(Error(errors::kUnavailable, "S3 is down"));
                       },
                   .given_up = [&](const Job&, const std::string&) { ADD_FAILURE(); }}}},
                {.threads = 1, .poll = 5ms, .unavailable_retry = 40ms});
  ASSERT_TRUE(Eventually([&] { return runs >= 4; }));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 3 * 40ms) << "each retry waited";
  const JobState waiting = State(id);
  EXPECT_NE(waiting.state, "dead");
  EXPECT_LE(waiting.attempts, 1);
  EXPECT_EQ(waiting.last_error, "S3 is down");
  down = false;
  ASSERT_TRUE(Eventually([&] { return State(id).state == "done"; }));
  EXPECT_EQ(State(id).attempts, 1) << "only the run that worked counted";
  EXPECT_EQ(runner.failed(), static_cast<std::uint64_t>(runs.load() - 1));
}

TEST_P(JobsTest, AnInterruptedJobRunsAgainWithoutLosingAnAttempt) {
  const std::string id = Add("work", "x", {.max_attempts = 1});
  std::atomic<int> runs{0};
  Runner runner(*db_, {{"work", {[&](const Job&) {
                          if (++runs == 1) throw JobInterrupted();
                        }}}},
                {.threads = 1, .poll = 10ms});
  ASSERT_TRUE(Eventually([&] { return State(id).state == "done"; }));
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(State(id).attempts, 1) << "the interrupted run did not count";
}

TEST_P(JobsTest, AJobOfADeadWorkerIsClaimedAgainAfterItsLease) {
  const std::string id = Add("work", "orphan");
  // A worker claims it and dies without a word.
  const auto claimed = db_->TransactBlocking(
      [&](Connection& c) { return Claim(c, {"work"}, "dead-worker", 200ms); });
  ASSERT_TRUE(claimed);
  EXPECT_EQ(State(id).state, "running");
  std::atomic<int> ran{0};
  Runner runner(*db_, {{"work", {[&](const Job&) { ++ran; }}}}, {.threads = 1, .poll = 20ms});
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(ran.load(), 0) << "not while the lease holds";
  ASSERT_TRUE(Eventually([&] { return State(id).state == "done"; }));
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(State(id).attempts, 2);
  // The dead worker waking up cannot complete what is no longer its own.
  EXPECT_FALSE(
      db_->TransactBlocking([&](Connection& c) { return Complete(c, *claimed, "dead-worker"); }));
}

TEST_P(JobsTest, ARestartedInstanceTakesBackWhatItsKilledLifeLeftRunning) {
  const std::string mine = Add("a", "mine"), theirs = Add("b", "theirs");
  // The instance's earlier life claimed one, another instance the other; then it was killed.
  ASSERT_TRUE(db_->TransactBlocking(
      [&](Connection& c) { return Claim(c, {"a"}, "0a1b2c3d-killed", 60s); }));
  ASSERT_TRUE(
      db_->TransactBlocking([&](Connection& c) { return Claim(c, {"b"}, "ffff0000-alive", 60s); }));
  std::atomic<int> ran{0};
  const QueueWork count{[&](const Job&) { ++ran; }};
  Runner runner(*db_, {{"a", count}, {"b", count}},
                {.threads = 1, .poll = 20ms, .instance = "0a1b2c3d"});
  // Its own job runs now, not in a minute; the other instance's stays that instance's.
  ASSERT_TRUE(Eventually([&] { return State(mine).state == "done"; }, 5s));
  EXPECT_EQ(State(theirs).state, "running");
  EXPECT_EQ(ran.load(), 1);
  EXPECT_THROW(db_->TransactBlocking([](Connection& c) { return TakeBack(c, "x%"); }),
               std::invalid_argument);
}

TEST_P(JobsTest, LongJobsKeepTheirLease) {
  const std::string id = Add("slow", "x");
  std::atomic<int> runs{0};
  Runner first(*db_, {{"slow", {[&](const Job&) {
                         ++runs;
                         std::this_thread::sleep_for(600ms);  // three leases long
                       }}}},
               {.threads = 1, .lease = 200ms, .poll = 10ms});
  Runner second(*db_, {{"slow", {[&](const Job&) { ++runs; }}}},
                {.threads = 1, .lease = 200ms, .poll = 10ms});
  ASSERT_TRUE(Eventually([&] { return State(id).state == "done"; }));
  EXPECT_EQ(runs.load(), 1) << "the lease was extended, nobody took it over";
}

TEST_P(JobsTest, AWakeStartsAJobAtOnceWithoutWaitingForThePoll) {
  std::atomic<int> ran{0};
  Runner runner(*db_, {{"work", {[&](const Job&) { ++ran; }}}}, {.threads = 2, .poll = 60s});
  std::this_thread::sleep_for(100ms);  // every thread idle, the lease keeper too
  for (int i = 0; i < 5; ++i) {
    const auto before = std::chrono::steady_clock::now();
    Add("work", "now");
    runner.Wake();
    EXPECT_TRUE(Eventually([&] { return ran.load() == i + 1; }, 2s));
    EXPECT_LT(std::chrono::steady_clock::now() - before, 1s) << "wake " << i;
  }
}

TEST_P(JobsTest, AJobEnqueuedInARolledBackTransactionNeverExists) {
  EXPECT_THROW(db_->TransactBlocking([&](Connection& c) {
    Enqueue(c, "work", "x");
    throw std::runtime_error("the upload failed");
  }),
               std::runtime_error);
  const auto count = db_->ReadBlocking(
      [](Connection& c) { return c.Query("SELECT COUNT(*) FROM jobs")[0].Int(0); });
  EXPECT_EQ(count, 0);
}

TEST(Backoff, DoublesUpToTheCap) {
  const Backoff b{.base = 1000ms, .max = 10'000ms};
  EXPECT_EQ(b.After(1), 1000ms);
  EXPECT_EQ(b.After(2), 2000ms);
  EXPECT_EQ(b.After(4), 8000ms);
  EXPECT_EQ(b.After(5), 10'000ms);
  EXPECT_EQ(b.After(1000), 10'000ms);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobsTest, ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

}  // namespace
}  // namespace platform::jobs
