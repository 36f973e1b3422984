#include "platform/store/migrations.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "tests/support/support.hpp"

namespace platform::store {
namespace {

using testing_support::Backend;

const std::vector<EmbeddedFile> kFiles = {
    {"sqlite/0002_more.sql", "ALTER TABLE t ADD COLUMN b TEXT;"},
    {"sqlite/0001_first.sql", "CREATE TABLE t (a BIGINT);"},
    {"postgres/0001_first.sql", "CREATE TABLE t (a BIGINT);"},
    {"postgres/0002_more.sql", "ALTER TABLE t ADD COLUMN b TEXT;"},
};

TEST(MigrationsFor, OrdersByVersionAndPicksTheDialect) {
  const auto m = MigrationsFor(Dialect::kSqlite, kFiles);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].version, 1);
  EXPECT_EQ(m[0].name, "first");
  EXPECT_EQ(m[1].version, 2);
  EXPECT_EQ(m[1].name, "more");
}

TEST(MigrationsFor, RejectsBadNamesAndDuplicates) {
  EXPECT_THROW(MigrationsFor(Dialect::kSqlite, {{"sqlite/first.sql", ""}}), std::invalid_argument);
  EXPECT_THROW(MigrationsFor(Dialect::kSqlite, {{"sqlite/0001_x.txt", ""}}), std::invalid_argument);
  EXPECT_THROW(MigrationsFor(Dialect::kSqlite, {{"sqlite/0001_a.sql", ""}, {"sqlite/1_b.sql", ""}}),
               std::invalid_argument);
}

class MigrateTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = Database::Open(database_, {.pool_size = 2});
  }
  Dialect dialect() const { return db_->dialect(); }
  std::unique_ptr<Database> db_;
};

TEST_P(MigrateTest, AppliesOnceAndRecordsVersions) {
  const auto migrations = MigrationsFor(dialect(), kFiles);
  const auto first = Migrate(*db_, migrations);
  EXPECT_EQ(first.applied, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(first.current_version, 2);
  const auto second = Migrate(*db_, migrations);
  EXPECT_TRUE(second.applied.empty());
  EXPECT_EQ(second.current_version, 2);
  db_->TransactBlocking([](Connection& c) { c.Execute("INSERT INTO t (a, b) VALUES (1, 'x')"); });
}

TEST_P(MigrateTest, AFailingMigrationIsRolledBackWhole) {
  std::vector<EmbeddedFile> files = {
      {"sqlite/0001_first.sql", "CREATE TABLE t (a BIGINT);"},
      {"postgres/0001_first.sql", "CREATE TABLE t (a BIGINT);"},
      {"sqlite/0002_broken.sql", "CREATE TABLE u (x BIGINT); THIS IS NOT SQL;"},
      {"postgres/0002_broken.sql", "CREATE TABLE u (x BIGINT); THIS IS NOT SQL;"},
  };
  EXPECT_THROW(Migrate(*db_, MigrationsFor(dialect(), files)), DatabaseError);
  const auto version = db_->ReadBlocking([](Connection& c) {
    return c.Query("SELECT MAX(version) FROM schema_migrations")[0].Int(0);
  });
  EXPECT_EQ(version, 1);
  // Table u from the failed migration must not exist.
  EXPECT_THROW(db_->ReadBlocking([](Connection& c) { c.Query("SELECT x FROM u"); }), DatabaseError);
}

TEST_P(MigrateTest, RefusesAnAppliedMigrationThatChanged) {
  Migrate(*db_, MigrationsFor(dialect(), kFiles));
  std::vector<EmbeddedFile> edited = kFiles;
  for (auto& f : edited) {
    if (f.name.ends_with("0001_first.sql")) f.text = "CREATE TABLE t (a BIGINT, c TEXT);";
  }
  EXPECT_THROW(Migrate(*db_, MigrationsFor(dialect(), edited)), std::runtime_error);
}

TEST_P(MigrateTest, ConcurrentMigratorsApplyEachVersionOnce) {
  const auto migrations = MigrationsFor(dialect(), kFiles);
  std::vector<std::thread> threads;
  std::atomic<int> applied{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto db = Database::Open(database_, {.pool_size = 1});
      applied += static_cast<int>(Migrate(*db, migrations).applied.size());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(applied.load(), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateTest, ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

}  // namespace
}  // namespace platform::store
