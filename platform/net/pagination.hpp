#pragma once

// List pagination as API.md "Conventions" says: ?limit= (default 50, at most 200) and an
// opaque ?cursor= that the previous page returned as nextCursor. A cursor carries the sort
// key of the last item served (keyset pagination: stable under inserts, no OFFSET scans).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/error.hpp"
#include "platform/net/http.hpp"

namespace platform::net {

inline constexpr std::int64_t kDefaultPageSize = 50;
inline constexpr std::int64_t kMaxPageSize = 200;

struct PageKey {
  std::int64_t time = 0;            // the sort column (epoch millis), or
  std::string id;                   // the tie-breaker
  std::optional<std::string> text;  // a text sort column (a name), for lists sorted by it
};

struct PageRequest {
  std::int64_t limit = kDefaultPageSize;
  std::optional<PageKey> after;
};

// 400 VALIDATION_001 for a limit outside 1..200 or a cursor we did not make.
Result<PageRequest> ParsePageRequest(const Request& request);
std::string EncodeCursor(const PageKey& key);

// After a query for limit + 1 rows (ordered by created_at, id): keeps `limit` of them and gives
// the cursor of the last one kept, or nullopt when this was the last page.
template <class T>
std::optional<std::string> TrimToPage(std::vector<T>& items, std::int64_t limit) {
  if (static_cast<std::int64_t>(items.size()) <= limit) return std::nullopt;
  items.resize(static_cast<std::size_t>(limit));
  return EncodeCursor({items.back().created_at, items.back().id});
}

}  // namespace platform::net
