#pragma once

// Opening the configured database and bringing its schema up to date: shared by `serve`,
// `migrate` and the `admin` commands.

#include <memory>

#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"
#include "vizora/app/cli.hpp"

namespace vizora {

std::unique_ptr<platform::store::Database> OpenDatabase(const AppConfig& config);
platform::store::MigrationReport ApplyMigrations(platform::store::Database& db);

}  // namespace vizora
