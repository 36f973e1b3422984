// The tick's bookkeeping of schedule executions, on a real database (both backends).
#include "vizora/publishing/tick.hpp"

#include <gtest/gtest.h>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/module_database.hpp"
#include "tests/support/support.hpp"
#include "vizora/scheduling/cron.hpp"

namespace vizora::publishing {
namespace {

using platform::store::Connection;
constexpr std::int64_t kMinute = 60'000;

class TickTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = testing_support::OpenMigrated(database_);
    testing_support::AddOrganization(*db_, org_);
    db_->TransactBlocking([&](Connection& c) {
      c.Execute(
          "INSERT INTO playlists (id, organization_id, name, created_at, updated_at) VALUES "
          "($1, $2, 'P', 0, 0)",
          {playlist_, org_});
    });
  }

  std::string AddSchedule(const std::string& cron, std::int64_t created_at, bool active = true) {
    const std::string id = platform::NewId();
    db_->TransactBlocking([&](Connection& c) {
      c.Execute(
          "INSERT INTO schedules (id, organization_id, name, playlist_id, cron_expression, "
          "timezone, priority, is_active, created_at, updated_at) VALUES ($1, $2, 'S', $3, "
          "$4, 'Europe/Paris', 1, $5, $6, $6)",
          {id, org_, playlist_, cron, std::int64_t{active ? 1 : 0}, created_at});
    });
    return id;
  }

  std::pair<std::optional<std::int64_t>, std::int64_t> Executions(const std::string& id) {
    return db_->ReadBlocking([&](Connection& c) {
      const auto rows =
          c.Query("SELECT last_executed_at, execution_count FROM schedules WHERE id = $1", {id});
      return std::make_pair(rows[0].OptInt(0), rows[0].Int(1));
    });
  }

  std::string org_ = platform::NewId(), playlist_ = platform::NewId();
  std::unique_ptr<platform::store::Database> db_;
};

TEST_P(TickTest, ExecutionsFollowTheFiringsOnceEach) {
  const std::int64_t now = platform::NowMillis();
  const std::string every_ten = AddSchedule("*/10 * * * *", now - 65 * kMinute);
  const std::string paused = AddSchedule("* * * * *", now - 65 * kMinute, false);
  EXPECT_EQ(RecordExecutions(*db_, now), 1);
  const auto cron = *scheduling::CronExpression::Parse("*/10 * * * *");
  const auto paris = *platform::TimeZone::Find("Europe/Paris");
  auto [last, count] = Executions(every_ten);
  EXPECT_EQ(last, cron.Previous(now, paris));
  EXPECT_TRUE(count == 6 || count == 7) << count;
  EXPECT_EQ(RecordExecutions(*db_, now), 0) << "nothing new: nothing counted twice";
  EXPECT_EQ(Executions(every_ten).second, count);
  EXPECT_EQ(Executions(paused).second, 0);
  EXPECT_FALSE(Executions(paused).first);
  // Twenty minutes later: two more.
  RecordExecutions(*db_, now + 20 * kMinute);
  EXPECT_EQ(Executions(every_ten).second, count + 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, TickTest, ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

}  // namespace
}  // namespace vizora::publishing
