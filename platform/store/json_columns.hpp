#pragma once

// JSON columns (JSONB in PostgreSQL, TEXT in SQLite; both come back as text) read into
// Boost.JSON. NULL, malformed text or a value of another kind give nullopt: a column written
// by an older version never takes a read down.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "platform/store/database.hpp"

namespace platform::store {

std::optional<boost::json::object> JsonObjectColumn(const Row& row, std::size_t index);
std::optional<boost::json::array> JsonArrayColumn(const Row& row, std::size_t index);

}  // namespace platform::store
