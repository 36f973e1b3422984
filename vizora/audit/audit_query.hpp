#pragma once

// Reading the audit trail of one organization, newest first, with filters and keyset
// pagination (GET /api/v1/audit-logs).

#include <boost/json/array.hpp>
#include <optional>
#include <string>

#include "platform/net/pagination.hpp"
#include "platform/store/database.hpp"

namespace vizora::audit {

struct Filter {
  std::string organization_id;
  std::optional<std::string> action;
  std::optional<std::int64_t> from, to;  // epoch millis, inclusive / exclusive
};

struct Page {
  boost::json::array items;  // API shape: {id, userId, action, entityType, entityId, details,
                             // ipAddress, userAgent, createdAt}
  std::optional<std::string> next_cursor;
};

Page List(platform::store::Connection& connection, const Filter& filter,
          const platform::net::PageRequest& page);

}  // namespace vizora::audit
