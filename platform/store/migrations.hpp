#pragma once

// Versioned schema migrations, one SQL file per version and dialect
// ("sqlite/0001_init.sql", "postgres/0001_init.sql"), compiled into the binary.
// Each migration runs in its own transaction and is recorded in schema_migrations with a
// checksum; an applied migration whose text has since changed is an error. Instances starting
// together are safe: PostgreSQL serializes migrators with an advisory lock, SQLite with its
// write lock.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/embedded_file.hpp"
#include "platform/store/database.hpp"

namespace platform::store {

struct Migration {
  std::int64_t version = 0;
  std::string name;
  std::string_view sql;
};

// The files for `dialect`, ordered by version. Throws std::invalid_argument for a name that
// is not "<dir>/<digits>_<name>.sql" or a repeated version.
std::vector<Migration> MigrationsFor(Dialect dialect, const std::vector<EmbeddedFile>& files);

struct MigrationReport {
  std::vector<std::int64_t> applied;  // by this run
  std::int64_t current_version = 0;
};

// Blocking: call at start-up or from the CLI, before serving. `ledger` names the table that
// records them: each set of migrations (the platform's, a product's) keeps its own versions.
MigrationReport Migrate(Database& db, const std::vector<Migration>& migrations,
                        std::string_view ledger = "schema_migrations");

}  // namespace platform::store
