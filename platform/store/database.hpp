#pragma once

// One database interface for SQLite (embedded default) and PostgreSQL (scale-out), so the
// same repository code runs on both (DESIGN.md §1).
//
// SQL is written once with PostgreSQL-style parameters $1..$N; both backends bind them.
// Keep to the SQL both accept (TOOLCHAIN.md "One SQL"): BIGINT epoch millis, TEXT ids,
// INTEGER 0/1 booleans, ON CONFLICT, RETURNING, ->/->> on JSON text.
//
// Statements never run on the event loop: Read/Transact hand the work to the database's own
// worker pool, one pooled connection per job, and resume the awaiting coroutine when done.
//
//   auto n = co_await db.Read([&](Connection& c) { return c.Query(sql, {id}).size(); });
//   co_await db.Transact([&](Connection& c) { c.Execute(a); c.Execute(b); });

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "platform/core/error.hpp"

namespace platform::store {

enum class Dialect { kSqlite, kPostgres };

// NULL, integer, real or text. Booleans are integers 0/1; times are epoch milliseconds.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

// Helpers for building Params from optional values.
template <class T>
Value Nullable(const std::optional<T>& v) {
  if (!v) return std::monostate{};
  if constexpr (std::is_same_v<T, bool>)
    return static_cast<std::int64_t>(*v ? 1 : 0);
  else if constexpr (std::is_integral_v<T>)
    return static_cast<std::int64_t>(*v);
  else
    return Value(*v);
}

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  const Value& operator[](std::size_t i) const { return values_.at(i); }
  bool IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  // These throw std::logic_error on NULL or a mismatched type: a bug in the query.
  std::int64_t Int(std::size_t i) const;
  double Real(std::size_t i) const;
  const std::string& Text(std::size_t i) const;
  bool Bool(std::size_t i) const { return Int(i) != 0; }
  std::optional<std::int64_t> OptInt(std::size_t i) const;
  std::optional<std::string> OptText(std::size_t i) const;

 private:
  std::vector<Value> values_;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  const Row& operator[](std::size_t i) const { return rows.at(i); }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

class DatabaseError : public std::runtime_error {
 public:
  // kStorageFull: the disk (or the database's quota) has no room for the write.
  enum class Kind {
    kUniqueViolation,
    kForeignKeyViolation,
    kCheckViolation,
    kConnection,
    kStorageFull,
    kOther
  };
  DatabaseError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// A pooled connection, lent to one job at a time. Not thread-safe.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // One statement; throws DatabaseError.
  virtual Rows Query(std::string_view sql, const Params& params = {}) = 0;
  // One statement; returns the number of rows it changed.
  virtual std::int64_t Execute(std::string_view sql, const Params& params = {}) = 0;
  // Several ;-separated statements without parameters (migrations).
  virtual void ExecuteScript(std::string_view sql) = 0;
  virtual void Begin() = 0;  // SQLite takes the write lock at once (BEGIN IMMEDIATE)
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
};

struct DatabaseOptions {
  std::size_t pool_size = 4;  // connections, and the threads that use them
  // SQLite's page cache, per connection. Reads go through a memory map (the kernel's page
  // cache), so this mostly holds what a transaction changes: big for a heavy writer, small
  // on a host with little memory.
  std::size_t sqlite_cache_kib = 16384;
};

class Database {
 public:
  // "sqlite://PATH" (relative or absolute: sqlite:///var/lib/x.db) or "postgresql://…"
  // ("postgres://" too). Connects eagerly; throws DatabaseError if it cannot.
  static std::unique_ptr<Database> Open(std::string_view url, DatabaseOptions options = {});
  ~Database();

  Dialect dialect() const { return dialect_; }

  // The connection pool right now, for /metrics: connections, those lent to a job, and jobs
  // waiting for one (queued behind busy connections).
  struct PoolStats {
    std::size_t size = 0, busy = 0;
    std::int64_t waiting = 0;
  };
  PoolStats pool_stats() const;

  // `fn` runs on a pool thread with a connection (in a transaction for Transact). Its
  // exceptions come back to the caller; a database that cannot be reached comes back as
  // ErrorException UNAVAILABLE (503, details.cause "database"), and the next call reconnects.
  template <class F>
  auto Read(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&, Connection&>> {
    return Await<F>(std::move(fn), false);
  }
  template <class F>
  auto Transact(F fn) -> boost::asio::awaitable<std::invoke_result_t<F&, Connection&>> {
    return Await<F>(std::move(fn), true);
  }
  // Transact for work that may refuse with an API error: `fn` throws platform::ErrorException
  // to roll everything back, and the error comes back as a Result instead of an exception.
  template <class F>
  auto TransactOrError(F fn)
      -> boost::asio::awaitable<platform::Result<std::invoke_result_t<F&, Connection&>>> {
    try {
      co_return co_await Transact(std::move(fn));
    } catch (const platform::ErrorException& e) {
      co_return e.error();
    }
  }
  // The same on the calling thread: for start-up and command-line tools only.
  template <class F>
  auto ReadBlocking(F fn) {
    return Blocking(fn, false);
  }
  template <class F>
  auto TransactBlocking(F fn) {
    return Blocking(fn, true);
  }

 private:
  class Pool;
  Database(Dialect dialect, std::unique_ptr<Pool> pool);

  boost::asio::awaitable<void> Submit(std::function<void(Connection&)> job, bool transaction);
  void SubmitBlocking(const std::function<void(Connection&)>& job, bool transaction);

  template <class F>
  auto Await(F fn, bool transaction)
      -> boost::asio::awaitable<std::invoke_result_t<F&, Connection&>> {
    using R = std::invoke_result_t<F&, Connection&>;
    if constexpr (std::is_void_v<R>) {
      co_await Submit([&](Connection& c) { fn(c); }, transaction);
    } else {
      std::optional<R> out;
      co_await Submit([&](Connection& c) { out.emplace(fn(c)); }, transaction);
      co_return std::move(*out);
    }
  }

  template <class F>
  auto Blocking(F& fn, bool transaction) {
    using R = std::invoke_result_t<F&, Connection&>;
    if constexpr (std::is_void_v<R>) {
      SubmitBlocking([&](Connection& c) { fn(c); }, transaction);
    } else {
      std::optional<R> out;
      SubmitBlocking([&](Connection& c) { out.emplace(fn(c)); }, transaction);
      return std::move(*out);
    }
  }

  Dialect dialect_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace platform::store
