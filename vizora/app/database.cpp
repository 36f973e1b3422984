#include "vizora/app/database.hpp"

#include "vizora/migrations/embedded_migrations.hpp"

namespace vizora {

namespace store = platform::store;

namespace {
// SQLite has one writer, so a few connections serve reads; PostgreSQL gains from more.
constexpr std::size_t kSqlitePool = 4;
constexpr std::size_t kPostgresPool = 8;
}  // namespace

std::unique_ptr<store::Database> OpenDatabase(const AppConfig& config) {
  const bool sqlite = config.database_url.starts_with("sqlite://");
  const std::size_t pool =
      config.db_pool != 0 ? config.db_pool : (sqlite ? kSqlitePool : kPostgresPool);
  return store::Database::Open(config.database_url, {.pool_size = pool});
}

store::MigrationReport ApplyMigrations(store::Database& db) {
  return store::Migrate(db, store::MigrationsFor(db.dialect(), EmbeddedMigrations()));
}

}  // namespace vizora
