#include "platform/store/database.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <boost/json/parse.hpp>
#include <cctype>
#include <condition_variable>
#include <iterator>
#include <mutex>

#include "platform/core/log.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/store/detail/backends.hpp"
#include "platform/store/json_columns.hpp"
#include "platform/store/sql_builder.hpp"

namespace platform::store {

std::int64_t Row::Int(std::size_t i) const {
  if (const auto* v = std::get_if<std::int64_t>(&values_.at(i))) return *v;
  if (const auto* d = std::get_if<double>(&values_.at(i))) return static_cast<std::int64_t>(*d);
  throw std::logic_error("column " + std::to_string(i) + " is not an integer");
}

double Row::Real(std::size_t i) const {
  if (const auto* v = std::get_if<double>(&values_.at(i))) return *v;
  if (const auto* n = std::get_if<std::int64_t>(&values_.at(i))) return static_cast<double>(*n);
  throw std::logic_error("column " + std::to_string(i) + " is not a number");
}

const std::string& Row::Text(std::size_t i) const {
  if (const auto* v = std::get_if<std::string>(&values_.at(i))) return *v;
  throw std::logic_error("column " + std::to_string(i) + " is not text");
}

std::optional<std::int64_t> Row::OptInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<std::string> Row::OptText(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

// Connections and the threads that use them. A job borrows a connection for its duration;
// with as many threads as connections, a borrower never waits.
class Database::Pool {
 public:
  explicit Pool(std::vector<std::unique_ptr<Connection>> connections)
      : size(connections.size()), idle_(std::move(connections)), workers(size) {}

  // The caller counted itself in `waiting` when it submitted the job. A database that cannot
  // be reached is 503 UNAVAILABLE to the caller (an API answer; a job runner defers the job),
  // not an internal error: nothing is wrong with the request, and it may be tried again. The
  // same for a disk with no room left (StorageFull).
  void With(const std::function<void(Connection&)>& job, bool transaction) {
    try {
      WithConnection(job, transaction);
    } catch (const DatabaseError& e) {
      if (e.kind() == DatabaseError::Kind::kStorageFull) {
        log::Warn("storage.full", {{"error", e.what()}});
        throw ErrorException(StorageFull());
      }
      if (e.kind() != DatabaseError::Kind::kConnection) throw;
      log::Warn("db.unavailable", {{"error", e.what()}});
      throw ErrorException(
          Error(errors::kUnavailable, "the database is unavailable", {{"cause", "database"}}));
    }
  }

 private:
  void WithConnection(const std::function<void(Connection&)>& job, bool transaction) {
    std::unique_ptr<Connection> connection;
    {
      std::unique_lock lock(mutex_);
      available_.wait(lock, [&] { return !idle_.empty(); });
      connection = std::move(idle_.back());
      idle_.pop_back();
      waiting.fetch_sub(1, std::memory_order_relaxed);
    }
    struct GiveBack {
      Pool& pool;
      std::unique_ptr<Connection>& connection;
      ~GiveBack() {
        std::lock_guard lock(pool.mutex_);
        pool.idle_.push_back(std::move(connection));
        pool.available_.notify_one();
      }
    } give_back{*this, connection};
    if (!transaction) {
      job(*connection);
      return;
    }
    connection->Begin();
    try {
      job(*connection);
    } catch (...) {
      try {
        connection->Rollback();
      } catch (...) {
        // The connection is broken; the original error is the one worth reporting.
      }
      throw;
    }
    connection->Commit();
  }

 public:
  std::size_t Idle() {
    std::lock_guard lock(mutex_);
    return idle_.size();
  }

  const std::size_t size;
  std::atomic<std::int64_t> waiting{0};  // jobs submitted that hold no connection yet

 private:
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // protected by mutex_

 public:
  // Declared last so it is destroyed first: its threads finish before the connections go.
  WorkerPool workers;
};

std::unique_ptr<Database> Database::Open(std::string_view url, DatabaseOptions options) {
  const std::size_t n = std::max<std::size_t>(1, options.pool_size);
  std::vector<std::unique_ptr<Connection>> connections;
  Dialect dialect;
  if (url.starts_with("sqlite://")) {
    dialect = Dialect::kSqlite;
    const std::string path(url.substr(std::string_view("sqlite://").size()));
    for (std::size_t i = 0; i < n; ++i) {
      connections.push_back(detail::OpenSqlite(path, options.sqlite_cache_kib));
    }
  } else if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    dialect = Dialect::kPostgres;
    for (std::size_t i = 0; i < n; ++i)
      connections.push_back(detail::OpenPostgres(std::string(url)));
  } else {
    throw DatabaseError(DatabaseError::Kind::kConnection,
                        "unsupported database URL (want sqlite:// or postgresql://)");
  }
  return std::unique_ptr<Database>(
      new Database(dialect, std::make_unique<Pool>(std::move(connections))));
}

Database::Database(Dialect dialect, std::unique_ptr<Pool> pool)
    : dialect_(dialect), pool_(std::move(pool)) {}

Database::~Database() = default;

Database::PoolStats Database::pool_stats() const {
  return {.size = pool_->size,
          .busy = pool_->size - pool_->Idle(),
          .waiting = pool_->waiting.load(std::memory_order_relaxed)};
}

boost::asio::awaitable<void> Database::Submit(std::function<void(Connection&)> job,
                                              bool transaction) {
  pool_->waiting.fetch_add(1, std::memory_order_relaxed);
  co_await pool_->workers.Run([&] { pool_->With(job, transaction); });
}

void Database::SubmitBlocking(const std::function<void(Connection&)>& job, bool transaction) {
  pool_->waiting.fetch_add(1, std::memory_order_relaxed);
  pool_->With(job, transaction);
}

void SqlBuilder::After(std::string_view time_column, std::string_view id_column, std::int64_t time,
                       std::string id, bool descending) {
  const std::string time_marker = Bind(time);
  // Emplaced, not Bind(Value(id)): GCC 12 sees the moved-from temporary variant's other
  // alternatives as read uninitialized (a -Wmaybe-uninitialized false positive).
  params_.emplace_back(std::in_place_type<std::string>, std::move(id));
  const std::string id_marker = LastMarker();
  std::string condition = "(";
  condition.append(time_column).append(", ").append(id_column).append(") ");
  condition.append(descending ? "< (" : "> (").append(time_marker).append(", ");
  condition.append(id_marker).append(")");
  And(condition);
}

std::string Placeholders(std::size_t from, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i) out += ", ";
    out += "$" + std::to_string(from + i);
  }
  return out;
}

std::size_t NextChunk(std::size_t remaining) {
  return remaining >= kRowsPerInsert ? kRowsPerInsert : std::bit_floor(remaining);
}

Rows InsertRows(Connection& c, std::string_view head, std::size_t columns, const Params& values,
                std::string_view tail) {
  Rows returned;
  const std::size_t rows = values.size() / columns;
  for (std::size_t first = 0, count = 0; first < rows; first += count) {
    count = NextChunk(rows - first);
    std::string sql(head);
    for (std::size_t r = 0; r < count; ++r) {
      sql += (r ? ", (" : "(") + Placeholders(1 + r * columns, columns) + ")";
    }
    sql += tail;
    const Params chunk(values.begin() + static_cast<long>(first * columns),
                       values.begin() + static_cast<long>((first + count) * columns));
    Rows part = c.Query(sql, chunk);
    if (returned.columns.empty()) returned.columns = std::move(part.columns);
    std::move(part.rows.begin(), part.rows.end(), std::back_inserter(returned.rows));
  }
  return returned;
}

std::string FullTextCondition(Dialect dialect, std::string_view table, std::string_view alias,
                              std::string_view param) {
  const std::string a(alias), p(param), t(table);
  if (dialect == Dialect::kSqlite) {
    return a + ".rowid IN (SELECT rowid FROM " + t + "_fts WHERE " + t + "_fts MATCH " + p + ")";
  }
  return a + ".search @@ plainto_tsquery('simple', " + p + ")";
}

std::optional<std::string> FullTextQuery(Dialect dialect, std::string_view text) {
  // Words: runs of letters and digits (any non-ASCII byte counts as a letter, so accented and
  // non-Latin words stay whole).
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  if (words.empty()) return std::nullopt;
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += dialect == Dialect::kSqlite ? "\"" + w + "\"" : w;
  }
  return out;
}

std::string LikeContains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out + "%";
}

namespace {
std::optional<boost::json::value> JsonColumn(const Row& row, std::size_t index) {
  if (row.IsNull(index)) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(row.Text(index), ec);
  if (ec) return std::nullopt;
  return value;
}
}  // namespace

std::optional<boost::json::object> JsonObjectColumn(const Row& row, std::size_t index) {
  auto value = JsonColumn(row, index);
  if (!value || !value->is_object()) return std::nullopt;
  return std::move(value->as_object());
}

std::optional<boost::json::array> JsonArrayColumn(const Row& row, std::size_t index) {
  auto value = JsonColumn(row, index);
  if (!value || !value->is_array()) return std::nullopt;
  return std::move(value->as_array());
}

}  // namespace platform::store
