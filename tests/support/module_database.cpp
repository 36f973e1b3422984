#include "tests/support/module_database.hpp"

#include "platform/app/database.hpp"
#include "vizora/migrations/embedded_migrations.hpp"

namespace testing_support {

std::unique_ptr<platform::store::Database> OpenMigrated(const std::string& database_url) {
  auto db = platform::store::Database::Open(database_url, {.pool_size = 2});
  platform::app::ApplyMigrations(*db, vizora::EmbeddedMigrations());
  return db;
}

void AddOrganization(platform::store::Database& db, const std::string& id) {
  db.TransactBlocking([&](platform::store::Connection& c) {
    c.Execute(
        "INSERT INTO organizations (id, name, slug, created_at, updated_at) VALUES ($1, $1, $1, "
        "0, 0)",
        {id});
  });
}

}  // namespace testing_support
