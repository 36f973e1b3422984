#pragma once

// Bringing a database's schema up to date (the platform's tables, then Vizora's): shared by
// `serve`, `migrate` and the `admin` commands. Opening it is platform::app::OpenDatabase.

#include "platform/store/database.hpp"
#include "platform/store/migrations.hpp"

namespace vizora {

platform::store::MigrationReport ApplyMigrations(platform::store::Database& db);

}  // namespace vizora
