#pragma once

// Internal to platform/store: the two backends behind Database.

#include <cstddef>
#include <memory>
#include <string>

#include "platform/store/database.hpp"

namespace platform::store::detail {

// Prepared statements kept per connection, by both backends; past this the cache starts over.
inline constexpr std::size_t kStatementCacheSize = 256;

// WAL, a busy timeout, foreign keys on, a prepared-statement cache.
std::unique_ptr<Connection> OpenSqlite(const std::string& path, std::size_t cache_kib);
// libpq; statements are prepared once per connection and reused.
std::unique_ptr<Connection> OpenPostgres(const std::string& url);

}  // namespace platform::store::detail
