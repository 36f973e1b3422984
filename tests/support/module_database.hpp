#pragma once

// For a module's own tests on a real database: the test's backend with every migration applied,
// and the organization rows the module's foreign keys need.

#include <memory>
#include <string>

#include "platform/store/database.hpp"

namespace testing_support {

std::unique_ptr<platform::store::Database> OpenMigrated(const std::string& database_url);
void AddOrganization(platform::store::Database& db, const std::string& id);

}  // namespace testing_support
