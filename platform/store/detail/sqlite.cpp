#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <unordered_map>

#include "platform/store/detail/backends.hpp"

namespace platform::store::detail {

namespace {

// Writers wait this long for another connection's write lock before giving up (SQLITE_BUSY).
constexpr int kBusyTimeoutMs = 5000;

DatabaseError::Kind KindOf(int extended_code) {
  if ((extended_code & 0xff) == SQLITE_FULL) return DatabaseError::Kind::kStorageFull;
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DatabaseError::Kind::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DatabaseError::Kind::kForeignKeyViolation;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      return DatabaseError::Kind::kCheckViolation;
    default:
      return DatabaseError::Kind::kOther;
  }
}

// Statements are written with PostgreSQL's $1..$N. SQLite reads "$1" as a *named* parameter,
// and finds a name by a linear search when parsing and binding: quadratic in the parameter
// count (a 500-row insert spent 70 % of its time in strncmp). "?1" is SQLite's own numbered
// form, bound by position. String literals, quoted identifiers and comments are copied as is.
std::string NumberedParameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = sql.find(c, i + 1);  // '' inside a literal: two literals, same text
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = sql.find('\n', i);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, std::size_t cache_kib) {
    if (auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
      std::filesystem::create_directories(parent);
    }
    // A new database file is the owner's alone (SQLite would create it 0644); its -wal and
    // -shm files take the database file's mode.
    if (path != ":memory:" && !path.starts_with("file:")) {
      const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd >= 0) ::close(fd);
    }
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw DatabaseError(DatabaseError::Kind::kConnection, "sqlite open " + path + ": " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    // Reads through a memory map and a page cache per connection (16 MiB by default): a heavy
    // writer otherwise spends its time in pread() (measured: 4,500 small writes a second, one
    // per client of 10,000).
    ExecuteScript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA mmap_size=268435456; PRAGMA cache_size=-" +
        std::to_string(cache_kib) + ";");
  }

  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Rows Query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(sql, params);
    Rows out;
    const int columns = sqlite3_column_count(stmt);
    for (int c = 0; c < columns; ++c) out.columns.emplace_back(sqlite3_column_name(stmt, c));
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) Fail(stmt);
      std::vector<Value> row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) row.push_back(ColumnValue(stmt, c));
      out.rows.emplace_back(std::move(row));
    }
    sqlite3_reset(stmt);
    return out;
  }

  std::int64_t Execute(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = Prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) Fail(stmt);
    sqlite3_reset(stmt);
    return sqlite3_changes64(db_);
  }

  void ExecuteScript(std::string_view sql) override {
    char* error = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw DatabaseError(KindOf(sqlite3_extended_errcode(db_)), "sqlite: " + message);
    }
  }

  // IMMEDIATE takes the write lock now, so two writers never deadlock upgrading read locks.
  void Begin() override { ExecuteScript("BEGIN IMMEDIATE"); }
  void Commit() override { ExecuteScript("COMMIT"); }
  void Rollback() override {
    if (!sqlite3_get_autocommit(db_)) ExecuteScript("ROLLBACK");
  }

 private:
  sqlite3_stmt* Prepare(std::string_view sql, const Params& params) {
    std::string key(sql);
    sqlite3_stmt* stmt = nullptr;
    if (auto it = cache_.find(key); it != cache_.end()) {
      stmt = it->second;
    } else {
      const std::string numbered = NumberedParameters(key);
      if (sqlite3_prepare_v3(db_, numbered.data(), static_cast<int>(numbered.size()),
                             SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        throw DatabaseError(KindOf(sqlite3_extended_errcode(db_)),
                            std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
      }
      if (cache_.size() >= kStatementCacheSize) {
        for (auto& [s, cached] : cache_) sqlite3_finalize(cached);
        cache_.clear();
      }
      cache_.emplace(std::move(key), stmt);
    }
    sqlite3_clear_bindings(stmt);
    if (static_cast<std::size_t>(sqlite3_bind_parameter_count(stmt)) != params.size()) {
      throw DatabaseError(DatabaseError::Kind::kOther,
                          "sqlite: statement wants " +
                              std::to_string(sqlite3_bind_parameter_count(stmt)) +
                              " parameters, got " + std::to_string(params.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) Bind(stmt, static_cast<int>(i + 1), params[i]);
    return stmt;
  }

  static void Bind(sqlite3_stmt* stmt, int index, const Value& value) {
    if (const auto* n = std::get_if<std::int64_t>(&value)) {
      sqlite3_bind_int64(stmt, index, *n);
    } else if (const auto* d = std::get_if<double>(&value)) {
      sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } else {
      sqlite3_bind_null(stmt, index);
    }
  }

  static Value ColumnValue(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_NULL:
        return std::monostate{};
      default: {
        const auto* text = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        return std::string(text ? text : "",
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
    }
  }

  [[noreturn]] void Fail(sqlite3_stmt* stmt) {
    const int code = sqlite3_extended_errcode(db_);
    const std::string message = sqlite3_errmsg(db_);
    sqlite3_reset(stmt);
    throw DatabaseError(KindOf(code), "sqlite: " + message);
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

std::unique_ptr<Connection> OpenSqlite(const std::string& path, std::size_t cache_kib) {
  return std::make_unique<SqliteConnection>(path, cache_kib);
}

}  // namespace platform::store::detail
