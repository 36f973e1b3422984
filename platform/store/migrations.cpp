#include "platform/store/migrations.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"

namespace platform::store {

namespace {

// Any fixed number: the PostgreSQL advisory lock all migrators take.
constexpr std::int64_t kMigrationLockKey = 0x6D69677261746573;  // "migrates"

std::string Checksum(std::string_view sql) {
  return Sha256Hex(sql);
}

void Lock(Connection& c) {
  if (c.dialect() == Dialect::kPostgres) {
    c.Query("SELECT pg_advisory_xact_lock($1)", {kMigrationLockKey});
  }
}

}  // namespace

std::vector<Migration> MigrationsFor(Dialect dialect, const std::vector<EmbeddedFile>& files) {
  const std::string_view dir = dialect == Dialect::kSqlite ? "sqlite/" : "postgres/";
  std::vector<Migration> out;
  std::set<std::int64_t> seen;
  for (const auto& file : files) {
    if (!file.name.starts_with(dir)) continue;
    std::string_view base = file.name.substr(dir.size());
    const auto underscore = base.find('_');
    if (underscore == 0 || underscore == std::string_view::npos || !base.ends_with(".sql") ||
        base.substr(0, underscore).find_first_not_of("0123456789") != std::string_view::npos) {
      throw std::invalid_argument("bad migration file name: " + std::string(file.name));
    }
    Migration m;
    m.version = std::stoll(std::string(base.substr(0, underscore)));
    m.name = std::string(base.substr(underscore + 1, base.size() - underscore - 1 - 4));
    m.sql = file.text;
    if (!seen.insert(m.version).second) {
      throw std::invalid_argument("duplicate migration version in " + std::string(file.name));
    }
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

MigrationReport Migrate(Database& db, const std::vector<Migration>& migrations,
                        std::string_view ledger_name) {
  // A name from code, never from input: it is spliced into the SQL below.
  const std::string ledger(ledger_name);
  db.TransactBlocking([&](Connection& c) {
    Lock(c);
    c.ExecuteScript("CREATE TABLE IF NOT EXISTS " + ledger +
                    " ("
                    " version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL,"
                    " applied_at BIGINT NOT NULL)");
  });
  MigrationReport report;
  for (const auto& m : migrations) {
    const std::string checksum = Checksum(m.sql);
    const bool applied = db.TransactBlocking([&](Connection& c) {
      Lock(c);
      const Rows existing =
          c.Query("SELECT checksum FROM " + ledger + " WHERE version = $1", {m.version});
      if (!existing.empty()) {
        if (existing[0].Text(0) != checksum) {
          throw std::runtime_error("migration " + std::to_string(m.version) + " (" + m.name +
                                   ") changed after it was applied");
        }
        return false;
      }
      c.ExecuteScript(m.sql);
      c.Execute("INSERT INTO " + ledger +
                    " (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                {m.version, m.name, checksum, NowMillis()});
      return true;
    });
    if (applied) {
      report.applied.push_back(m.version);
      log::Info("store.migrated", {{"ledger", ledger}, {"version", m.version}, {"name", m.name}});
    }
  }
  report.current_version = db.ReadBlocking([&](Connection& c) {
    return c.Query("SELECT COALESCE(MAX(version), 0) FROM " + ledger)[0].Int(0);
  });
  if (!migrations.empty() && report.current_version > migrations.back().version) {
    log::Warn("store.schema_newer_than_binary",
              {{"database", report.current_version}, {"binary", migrations.back().version}});
  }
  return report;
}

}  // namespace platform::store
