// Retention on a real database (both backends): detail past its days and rollups past theirs
// go, in transactions of a bounded size; everything younger stays. And the latency histogram's
// buckets are within 5 % of the values they stand for.

#include "vizora/analytics/retention.hpp"

#include <gtest/gtest.h>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/module_database.hpp"
#include "tests/support/support.hpp"
#include "vizora/analytics/api_logs.hpp"

namespace vizora::analytics {
namespace {

using platform::kMillisPerDay;
using platform::store::Connection;

class RetentionTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = testing_support::OpenMigrated(database_);
    testing_support::AddOrganization(*db_, a_);
    testing_support::AddOrganization(*db_, b_);
  }

  // `count` impressions and heartbeats of `org`, `days_ago` old, and their hour's rollup.
  void Add(const std::string& org, std::int64_t days_ago, int count) {
    const std::int64_t at = now_ - days_ago * kMillisPerDay;
    db_->TransactBlocking([&](Connection& c) {
      for (int i = 0; i < count; ++i) {
        c.Execute(
            "INSERT INTO impressions (organization_id, id, device_id, content_id, started_at, "
            "duration_ms, completed, received_at) VALUES ($1, $2, 'd', 'c', $3, 1, 1, $3)",
            {org, platform::NewId(), at + i});
        c.Execute("INSERT INTO heartbeats (organization_id, device_id, at) VALUES ($1, 'd', $2)",
                  {org, at + i});
      }
      c.Execute(
          "INSERT INTO impressions_hourly (organization_id, hour, device_id, content_id, "
          "impressions, shown_ms, completed) VALUES ($1, $2, 'd', 'c', $3, $3, $3)",
          {org, platform::FloorTo(at, platform::kMillisPerHour), std::int64_t{count}});
    });
  }

  std::int64_t Count(const std::string& table, const std::string& org) {
    return db_->ReadBlocking([&](Connection& c) {
      return c.Query("SELECT COUNT(*) FROM " + table + " WHERE organization_id = $1", {org})[0].Int(
          0);
    });
  }

  std::string a_ = platform::NewId(), b_ = platform::NewId();
  std::int64_t now_ = platform::NowMillis();
  std::unique_ptr<platform::store::Database> db_;
};

TEST_P(RetentionTest, DeletesWhatPassedItsDaysInSmallTransactions) {
  Add(a_, 100, 23);  // detail too old; rollup kept
  Add(a_, 10, 5);
  Add(b_, 800, 7);  // everything too old
  Add(b_, 1, 2);
  const std::int64_t deleted = EnforceRetention(
      *db_, {.detail_days = 90, .rollup_days = 730, .rows_per_transaction = 4}, now_);
  EXPECT_EQ(deleted, 23 * 2 + 7 * 2 + 1);
  EXPECT_EQ(Count("impressions", a_), 5);
  EXPECT_EQ(Count("heartbeats", a_), 5);
  EXPECT_EQ(Count("impressions_hourly", a_), 2) << "rollups outlive the detail";
  EXPECT_EQ(Count("impressions", b_), 2);
  EXPECT_EQ(Count("impressions_hourly", b_), 1);
  EXPECT_EQ(EnforceRetention(*db_, {}, now_), 0) << "nothing left to do";
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionTest,
                         ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

TEST(LatencyBuckets, StandForTheirValuesWithin5Percent) {
  for (std::int64_t us = kFirstBucketUs; us < 60'000'000; us = us * 11 / 10 + 1) {
    const double ms = static_cast<double>(us) / 1000.0;
    EXPECT_NEAR(BucketMillis(LatencyBucket(us)), ms, ms * 0.05) << us << " µs";
  }
  EXPECT_EQ(LatencyBucket(0), 0);
  EXPECT_EQ(LatencyBucket(3'600'000'000), kLatencyBuckets - 1);
  EXPECT_LT(LatencyBucket(999), LatencyBucket(1100));
}

}  // namespace
}  // namespace vizora::analytics
