#pragma once

// Building a query whose conditions depend on the request (list filters, cursors) without
// ever pasting a value into SQL: every value becomes a bound parameter.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "platform/store/database.hpp"

namespace platform::store {

class SqlBuilder {
 public:
  explicit SqlBuilder(Params initial = {}) : params_(std::move(initial)) {}

  // Binds `value` and returns its marker ("$3"). Built in place, one overload per kind: GCC 12
  // at -O2 warns (falsely) about moving a Value that holds a number.
  std::string Bind(std::int64_t value) { return BindInPlace(value); }
  std::string Bind(double value) { return BindInPlace(value); }
  std::string Bind(std::string value) { return BindInPlace(std::move(value)); }
  std::string Bind(const char* value) { return BindInPlace(std::string(value)); }
  std::string Bind(const Value& value) { return BindInPlace(value); }
  // Adds "AND <condition>" to the WHERE clause being built.
  void And(std::string_view condition) {
    where_ += " AND ";
    where_ += condition;
  }

  // Keyset pagination: rows after the cursor's (time, id) in the list's order.
  void After(std::string_view time_column, std::string_view id_column, std::int64_t time,
             std::string id, bool descending);

  const std::string& conditions() const { return where_; }  // " AND …" or ""
  const Params& params() const { return params_; }

 private:
  template <class T>
  std::string BindInPlace(T&& value) {
    params_.emplace_back(std::forward<T>(value));
    return LastMarker();
  }
  std::string LastMarker() const { return "$" + std::to_string(params_.size()); }

  Params params_;
  std::string where_;
};

// "$from, $from+1, …": the markers of an IN list of `count` parameters.
std::string Placeholders(std::size_t from, std::size_t count);

// Inserts many rows with few statements: `values` holds the rows one after another, each
// `columns` values long, sent as multi-row INSERTs of at most kRowsPerInsert rows (within both
// databases' limits on bound parameters). `head` is "INSERT INTO t (a, b) VALUES ", `tail`
// what follows the values ("ON CONFLICT … DO NOTHING RETURNING …"). Returns what the
// statements' RETURNING clauses gave, all together.
inline constexpr std::size_t kRowsPerInsert = 500;
// How many of `remaining` rows the next statement of a many-row operation takes: full
// statements of kRowsPerInsert, then the rest in powers of two. So there are a few statement
// shapes in all, and the connections' prepared-statement caches keep a handful of them, not
// one per row count (a 500-row statement costs a connection ~100 KiB prepared).
std::size_t NextChunk(std::size_t remaining);
Rows InsertRows(Connection& c, std::string_view head, std::size_t columns, const Params& values,
                std::string_view tail = {});

// A LIKE pattern (with ESCAPE '\') matching `text` anywhere, case-folded to lower case, with
// LIKE's own wildcards in `text` escaped: compare against LOWER(column).
std::string LikeContains(std::string_view text);

// Full-text search, one way in both dialects. The table has, in SQLite, an FTS5 table
// `<table>_fts` with external content over the table's rowid (kept by triggers in the
// migration) and, in PostgreSQL, a GIN-indexed tsvector column `search`. The condition
// matches rows of `alias` against the placeholder `param`, bound to FullTextQuery(text).
std::string FullTextCondition(Dialect dialect, std::string_view table, std::string_view alias,
                              std::string_view param);
// The user's words as the dialect's query (FTS5: every word quoted, so nothing the user types
// is an operator; PostgreSQL: the plain words, for plainto_tsquery). nullopt without words.
std::optional<std::string> FullTextQuery(Dialect dialect, std::string_view text);

}  // namespace platform::store
