#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <string>
#include <unordered_map>

#include "platform/store/detail/backends.hpp"

namespace platform::store::detail {

namespace {

// Type OIDs from pg_type.h, for turning text results into integers and reals.
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700;

// Whether the connection still stands decides "unavailable": a live one refused only this
// statement (even class 08, as 08P01 for a parameter count that does not match), and a lost
// one fails whatever was sent, SQLSTATE or not.
DatabaseError::Kind KindOf(const PGresult* result, bool connection_ok) {
  if (!connection_ok) return DatabaseError::Kind::kConnection;
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (state == nullptr) return DatabaseError::Kind::kOther;
  const std::string_view s(state);
  if (s == "23505") return DatabaseError::Kind::kUniqueViolation;
  if (s == "23503") return DatabaseError::Kind::kForeignKeyViolation;
  if (s == "23514" || s == "23502") return DatabaseError::Kind::kCheckViolation;
  if (s == "53100") return DatabaseError::Kind::kStorageFull;  // disk_full
  return DatabaseError::Kind::kOther;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string message = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw DatabaseError(DatabaseError::Kind::kConnection, "postgres connect: " + message);
    }
    Check(Result(PQexec(conn_, "SET client_min_messages = warning")), "set");
  }

  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Rows Query(std::string_view sql, const Params& params) override {
    Result r = Run(sql, params);
    Rows out;
    const int columns = PQnfields(r.get());
    const int rows = PQntuples(r.get());
    std::vector<Oid> types(columns);
    for (int c = 0; c < columns; ++c) {
      out.columns.emplace_back(PQfname(r.get(), c));
      types[c] = PQftype(r.get(), c);
    }
    out.rows.reserve(rows);
    for (int i = 0; i < rows; ++i) {
      std::vector<Value> row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) row.push_back(ToValue(r.get(), i, c, types[c]));
      out.rows.emplace_back(std::move(row));
    }
    return out;
  }

  std::int64_t Execute(std::string_view sql, const Params& params) override {
    Result r = Run(sql, params);
    const char* n = PQcmdTuples(r.get());
    return (n && *n) ? std::stoll(n) : 0;
  }

  void ExecuteScript(std::string_view sql) override {
    EnsureConnected();
    Check(Result(PQexec(conn_, std::string(sql).c_str())), "script");
  }

  void Begin() override { ExecuteScript("BEGIN"); }
  void Commit() override { ExecuteScript("COMMIT"); }
  void Rollback() override {
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) ExecuteScript("ROLLBACK");
  }

 private:
  // A connection lost between jobs (server restart, idle timeout) is re-established here,
  // never in the middle of a transaction.
  void EnsureConnected() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    PQreset(conn_);
    statements_.clear();
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw DatabaseError(DatabaseError::Kind::kConnection,
                          std::string("postgres reconnect: ") + PQerrorMessage(conn_));
    }
  }

  Result Run(std::string_view sql, const Params& params) {
    EnsureConnected();
    const std::string& name = Prepared(sql, static_cast<int>(params.size()));
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        text[i] = std::to_string(*n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        char buffer[32];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
        text[i].assign(buffer, end);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        text[i] = *s;
      }
      values[i] = std::holds_alternative<std::monostate>(v) ? nullptr : text[i].c_str();
    }
    Result r(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(),
                            nullptr, nullptr, 0));
    Check(r, "query");
    return r;
  }

  const std::string& Prepared(std::string_view sql, int param_count) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    if (statements_.size() >= kStatementCacheSize) {
      Check(Result(PQexec(conn_, "DEALLOCATE ALL")), "deallocate");
      statements_.clear();
    }
    std::string name = "s" + std::to_string(++statement_counter_);
    Check(Result(PQprepare(conn_, name.c_str(), key.c_str(), param_count, nullptr)), "prepare");
    return statements_.emplace(std::move(key), std::move(name)).first->second;
  }

  void Check(const Result& r, std::string_view what) {
    const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
      return;
    }
    std::string message = r ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw DatabaseError(KindOf(r.get(), PQstatus(conn_) == CONNECTION_OK),
                        "postgres " + std::string(what) + ": " + message);
  }

  static Value ToValue(const PGresult* r, int row, int column, Oid type) {
    if (PQgetisnull(r, row, column)) return std::monostate{};
    const char* text = PQgetvalue(r, row, column);
    const int length = PQgetlength(r, row, column);
    switch (type) {
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid: {
        std::int64_t n = 0;
        std::from_chars(text, text + length, n);
        return n;
      }
      case kBoolOid:
        return static_cast<std::int64_t>(text[0] == 't' ? 1 : 0);
      case kFloat4Oid:
      case kFloat8Oid:
      case kNumericOid: {
        double d = 0;
        std::from_chars(text, text + length, d);
        return d;
      }
      default:
        return std::string(text, static_cast<std::size_t>(length));
    }
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;
  std::uint64_t statement_counter_ = 0;
};

}  // namespace

std::unique_ptr<Connection> OpenPostgres(const std::string& url) {
  return std::make_unique<PostgresConnection>(url);
}

}  // namespace platform::store::detail
