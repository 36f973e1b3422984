#include "vizora/app/database.hpp"

#include "platform/app/database.hpp"
#include "vizora/migrations/embedded_migrations.hpp"

namespace vizora {

platform::store::MigrationReport ApplyMigrations(platform::store::Database& db) {
  return platform::app::ApplyMigrations(db, EmbeddedMigrations());
}

}  // namespace vizora
