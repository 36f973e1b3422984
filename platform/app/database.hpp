#pragma once

// The database of one running service: opened from the configuration, migrated (the
// platform's own tables first, then the product's), and the installation's stable id.

#include <memory>
#include <string>
#include <vector>

#include "platform/app/service_config.hpp"
#include "platform/core/embedded_file.hpp"
#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"

namespace platform::app {

// The pool is --db-pool, or by backend (SQLite has one writer; PostgreSQL gains from more).
// `options` gives the product's other defaults (its SQLite cache).
std::unique_ptr<store::Database> OpenDatabase(const ServiceConfig& config,
                                              store::DatabaseOptions options = {});

// The platform's tables (jobs, installation, accounts and sessions), ledgered in
// platform_schema_migrations, then the product's files ("sqlite/0002_x.sql", …) in
// schema_migrations. Blocking: at start-up or from the CLI. Reports the product's migrations.
store::MigrationReport ApplyMigrations(store::Database& db,
                                       const std::vector<EmbeddedFile>& product_migrations);

// The platform's migration files, for tests that build a schema of their own.
std::vector<EmbeddedFile> PlatformMigrations();

// A stable id for this installation, created by whichever instance starts first.
std::string InstallationId(store::Database& db);

}  // namespace platform::app
