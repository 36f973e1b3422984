#include "platform/app/database.hpp"

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

namespace platform::app {

namespace {

constexpr std::size_t kSqlitePool = 4;
constexpr std::size_t kPostgresPool = 8;
constexpr std::string_view kPlatformLedger = "platform_schema_migrations";

}  // namespace

std::unique_ptr<store::Database> OpenDatabase(const ServiceConfig& config,
                                              store::DatabaseOptions options) {
  const bool sqlite = config.database_url.starts_with("sqlite://");
  options.pool_size = config.db_pool != 0 ? config.db_pool : (sqlite ? kSqlitePool : kPostgresPool);
  return store::Database::Open(config.database_url, options);
}

store::MigrationReport ApplyMigrations(store::Database& db,
                                       const std::vector<EmbeddedFile>& product_migrations) {
  store::Migrate(db, store::MigrationsFor(db.dialect(), PlatformMigrations()), kPlatformLedger);
  return store::Migrate(db, store::MigrationsFor(db.dialect(), product_migrations));
}

std::string InstallationId(store::Database& db) {
  return db.TransactBlocking([](store::Connection& c) {
    c.Execute(
        "INSERT INTO installation (key, value, updated_at) VALUES ('id', $1, $2) "
        "ON CONFLICT (key) DO NOTHING",
        {NewId(), NowMillis()});
    return c.Query("SELECT value FROM installation WHERE key = 'id'")[0].Text(0);
  });
}

}  // namespace platform::app
