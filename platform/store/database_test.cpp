#include "platform/store/database.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <thread>

#include "platform/store/sql_builder.hpp"
#include "tests/support/async.hpp"
#include "tests/support/support.hpp"

namespace platform::store {
namespace {

using testing_support::Backend;

// Every test here runs on SQLite and on PostgreSQL: the same code, both backends.
class DatabaseTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = Database::Open(database_, {.pool_size = 3});
    // JSON documents are JSONB on PostgreSQL and TEXT on SQLite: the one place the schema
    // differs, as in our migrations.
    const std::string json_type = GetParam() == Backend::kPostgres ? "JSONB" : "TEXT";
    db_->TransactBlocking([&](Connection& c) {
      c.ExecuteScript(
          "CREATE TABLE items (id TEXT PRIMARY KEY, n BIGINT NOT NULL, score DOUBLE PRECISION,"
          " note TEXT, flag INTEGER NOT NULL DEFAULT 0, doc " +
          json_type + ")");
    });
  }

  template <class T>
  T Await(boost::asio::awaitable<T> task) {
    return testing_support::RunToCompletion(io_, std::move(task));
  }

  // The io_context outlives the database, whose threads post completions into it. (Declared
  // after the base class's members, it would be destroyed before the database: so the
  // database is reset first, in TearDown.)
  void TearDown() override { db_.reset(); }
  boost::asio::io_context io_;
  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseTest, PoolStatsCountConnectionsLentAndQueriesWaiting) {
  EXPECT_EQ(db_->pool_stats().size, 3u);
  EXPECT_EQ(db_->pool_stats().busy, 0u);
  // Four blocking jobs on a pool of three: three hold a connection, one waits.
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::thread> holders;
  for (int i = 0; i < 4; ++i) {
    holders.emplace_back([&] { db_->ReadBlocking([&](Connection&) { released.wait(); }); });
  }
  for (int i = 0; i < 400 && db_->pool_stats().waiting < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(db_->pool_stats().busy, 3u);
  EXPECT_EQ(db_->pool_stats().waiting, 1);
  release.set_value();
  for (auto& t : holders) t.join();
  EXPECT_EQ(db_->pool_stats().busy, 0u);
  EXPECT_EQ(db_->pool_stats().waiting, 0);
}

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
  db_->TransactBlocking([](Connection& c) {
    c.Execute("INSERT INTO items (id, n, score, note, flag) VALUES ($1, $2, $3, $4, $5)",
              {std::string("a"), std::int64_t{1} << 40, 2.5, std::monostate{}, std::int64_t{1}});
  });
  const Rows rows = db_->ReadBlocking(
      [](Connection& c) { return c.Query("SELECT id, n, score, note, flag FROM items"); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows.columns, (std::vector<std::string>{"id", "n", "score", "note", "flag"}));
  EXPECT_EQ(rows[0].Text(0), "a");
  EXPECT_EQ(rows[0].Int(1), std::int64_t{1} << 40);
  EXPECT_DOUBLE_EQ(rows[0].Real(2), 2.5);
  EXPECT_TRUE(rows[0].IsNull(3));
  EXPECT_EQ(rows[0].OptText(3), std::nullopt);
  EXPECT_TRUE(rows[0].Bool(4));
}

TEST_P(DatabaseTest, ParametersMayRepeatAndComeInAnyOrder) {
  db_->TransactBlocking([](Connection& c) {
    c.Execute("INSERT INTO items (id, n, note) VALUES ($2, $1, $2)",
              {std::int64_t{7}, std::string("x")});
  });
  const Rows rows = db_->ReadBlocking([](Connection& c) {
    return c.Query("SELECT n, note FROM items WHERE id = $1 AND note = $1", {std::string("x")});
  });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Int(0), 7);
}

TEST_P(DatabaseTest, DollarSignsInLiteralsAndCommentsAreNotParameters) {
  const Rows rows = db_->ReadBlocking([](Connection& c) {
    return c.Query("SELECT '$1 it''s $2', CAST($1 AS TEXT) -- not $2\n", {std::string("bound")});
  });
  EXPECT_EQ(rows[0].Text(0), "$1 it's $2");
  EXPECT_EQ(rows[0].Text(1), "bound");
}

TEST_P(DatabaseTest, ThousandsOfParametersInOneStatement) {
  // A multi-row insert (the analytics writer sends 500 rows of 9 columns).
  constexpr int kRows = 1000;
  std::string sql = "INSERT INTO items (id, n) VALUES ";
  Params params;
  for (int i = 0; i < kRows; ++i) {
    sql +=
        (i ? ", ($" : "($") + std::to_string(2 * i + 1) + ", $" + std::to_string(2 * i + 2) + ")";
    params.insert(params.end(), {std::to_string(i), std::int64_t{i}});
  }
  db_->TransactBlocking([&](Connection& c) { c.Execute(sql, params); });
  const Rows rows = db_->ReadBlocking(
      [](Connection& c) { return c.Query("SELECT COUNT(*), SUM(n) FROM items"); });
  EXPECT_EQ(rows[0].Int(0), kRows);
  EXPECT_EQ(rows[0].Int(1), kRows * (kRows - 1) / 2);
}

// Any number of rows in a few statement shapes: full statements, then powers of two.
TEST_P(DatabaseTest, InsertRowsTakesEveryRowInAFewStatementShapes) {
  std::vector<std::size_t> chunks;
  for (std::size_t left = 1234; left > 0; left -= chunks.back()) chunks.push_back(NextChunk(left));
  EXPECT_EQ(chunks, (std::vector<std::size_t>{500, 500, 128, 64, 32, 8, 2}));
  Params params;
  for (int i = 0; i < 1234; ++i) params.insert(params.end(), {std::to_string(i), std::int64_t{i}});
  const Rows returned = db_->TransactBlocking([&](Connection& c) {
    return InsertRows(c, "INSERT INTO items (id, n) VALUES ", 2, params, " RETURNING n");
  });
  EXPECT_EQ(returned.size(), 1234u);
  const Rows rows = db_->ReadBlocking(
      [](Connection& c) { return c.Query("SELECT COUNT(*), SUM(n) FROM items"); });
  EXPECT_EQ(rows[0].Int(0), 1234);
  EXPECT_EQ(rows[0].Int(1), 1234 * 1233 / 2);
}

TEST(SqliteOptions, EachConnectionGetsThePageCacheAsked) {
  testing_support::TempDir dir;
  auto db = Database::Open("sqlite://" + (dir.path() / "t.db").string(),
                           {.pool_size = 2, .sqlite_cache_kib = 1234});
  for (int i = 0; i < 4; ++i) {  // whichever connection answers
    EXPECT_EQ(
        db->ReadBlocking([](Connection& c) { return c.Query("PRAGMA cache_size")[0].Int(0); }),
        -1234);
  }
}

TEST_P(DatabaseTest, ExecuteCountsChangedRows) {
  const auto changed = db_->TransactBlocking([](Connection& c) {
    for (int i = 0; i < 5; ++i) {
      c.Execute("INSERT INTO items (id, n) VALUES ($1, $2)", {std::to_string(i), std::int64_t{i}});
    }
    return c.Execute("UPDATE items SET flag = 1 WHERE n >= $1", {std::int64_t{2}});
  });
  EXPECT_EQ(changed, 3);
}

TEST_P(DatabaseTest, AFailedTransactionLeavesNothingBehind) {
  EXPECT_THROW(db_->TransactBlocking([](Connection& c) {
    c.Execute("INSERT INTO items (id, n) VALUES ('kept?', 1)");
    throw std::runtime_error("abort");
  }),
               std::runtime_error);
  const auto count = db_->ReadBlocking(
      [](Connection& c) { return c.Query("SELECT COUNT(*) FROM items")[0].Int(0); });
  EXPECT_EQ(count, 0);
}

TEST_P(DatabaseTest, ClassifiesConstraintViolations) {
  db_->TransactBlocking(
      [](Connection& c) { c.Execute("INSERT INTO items (id, n) VALUES ('a', 1)"); });
  try {
    db_->TransactBlocking(
        [](Connection& c) { c.Execute("INSERT INTO items (id, n) VALUES ('a', 2)"); });
    FAIL() << "duplicate key accepted";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.kind(), DatabaseError::Kind::kUniqueViolation) << e.what();
  }
  try {
    db_->TransactBlocking([](Connection& c) { c.Execute("INSERT INTO items (id) VALUES ('b')"); });
    FAIL() << "NULL accepted";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.kind(), DatabaseError::Kind::kCheckViolation) << e.what();
  }
}

TEST_P(DatabaseTest, BadSqlAndParameterMismatchesAreErrors) {
  EXPECT_THROW(db_->ReadBlocking([](Connection& c) { c.Query("SELEC nonsense"); }), DatabaseError);
  EXPECT_THROW(db_->ReadBlocking([](Connection& c) { c.Query("SELECT $1::TEXT"); }), DatabaseError);
  // The connection is still usable afterwards.
  EXPECT_EQ(db_->ReadBlocking([](Connection& c) { return c.Query("SELECT 1")[0].Int(0); }), 1);
}

TEST_P(DatabaseTest, SharedSqlFeaturesWorkOnBothDialects) {
  // ON CONFLICT upsert, RETURNING, JSON ->> on text: the subset both engines accept.
  const auto rows = db_->TransactBlocking([](Connection& c) {
    c.Execute("INSERT INTO items (id, n, doc) VALUES ('j', 1, $1)",
              {std::string(R"({"name":"lobby","size":3})")});
    c.Execute(
        "INSERT INTO items (id, n) VALUES ('j', 5) ON CONFLICT (id) DO UPDATE SET n = items.n + "
        "excluded.n");
    return c.Query("UPDATE items SET flag = 1 WHERE id = 'j' RETURNING n, doc ->> 'name'");
  });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Int(0), 6);
  EXPECT_EQ(rows[0].Text(1), "lobby");
}

TEST_P(DatabaseTest, ALostConnectionIsUnavailableThenReconnects) {
  if (GetParam() != Backend::kPostgres) GTEST_SKIP() << "SQLite has no connection to lose";
  auto lone = Database::Open(database_, {.pool_size = 1});
  const auto pid = lone->ReadBlocking(
      [](Connection& c) { return c.Query("SELECT pg_backend_pid()")[0].Int(0); });
  // The server ends that session, as a restart of PostgreSQL would.
  db_->ReadBlocking([&](Connection& c) { c.Query("SELECT pg_terminate_backend($1)", {pid}); });
  try {
    lone->ReadBlocking([](Connection& c) { c.Query("SELECT 1"); });
    ADD_FAILURE() << "a query on a terminated session succeeded";
  } catch (const ErrorException& e) {
    EXPECT_EQ(e.error().kind, errors::kUnavailable);  // 503 to an API caller, not 500
    EXPECT_EQ(e.error().details.at("cause"), "database");
  }
  // The next one reconnects by itself.
  EXPECT_EQ(lone->ReadBlocking([](Connection& c) { return c.Query("SELECT 7")[0].Int(0); }), 7);
}

TEST_P(DatabaseTest, AwaitedWorkRunsOffTheCallingThread) {
  const auto caller = std::this_thread::get_id();
  auto [worker, resumed] =
      Await([&]() -> boost::asio::awaitable<std::pair<std::thread::id, std::thread::id>> {
        auto id = co_await db_->Transact([](Connection& c) {
          c.Execute("INSERT INTO items (id, n) VALUES ('t', 1)");
          return std::this_thread::get_id();
        });
        co_return std::make_pair(id, std::this_thread::get_id());
      }());
  EXPECT_NE(worker, caller);
  EXPECT_EQ(resumed, caller);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  constexpr int kWriters = 6, kEach = 20;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        db_->TransactBlocking([&](Connection& c) {
          c.Execute("INSERT INTO items (id, n) VALUES ($1, $2)",
                    {std::to_string(w) + "-" + std::to_string(i), std::int64_t{i}});
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(db_->ReadBlocking(
                [](Connection& c) { return c.Query("SELECT COUNT(*) FROM items")[0].Int(0); }),
            kWriters * kEach);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest,
                         ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

// The database holds every organization's data: a new file, and its WAL, are the owner's alone.
TEST(Database, ANewSqliteFileIsReadableByItsOwnerOnly) {
  testing_support::TempDir dir;
  const auto path = dir.path() / "private.db";
  auto db = Database::Open("sqlite://" + path.string(), {.pool_size = 1});
  db->TransactBlocking([](Connection& c) { c.ExecuteScript("CREATE TABLE t (x INTEGER)"); });
  for (const char* suffix : {"", "-wal"}) {
    struct stat st {};
    ASSERT_EQ(::stat((path.string() + suffix).c_str(), &st), 0) << suffix;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << suffix;
  }
}

TEST(Database, RejectsUnknownUrls) {
  EXPECT_THROW(Database::Open("mysql://x"), DatabaseError);
  EXPECT_THROW(Database::Open("postgresql://127.0.0.1:1/none?connect_timeout=2"), DatabaseError);
}

}  // namespace
}  // namespace platform::store
