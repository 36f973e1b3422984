#pragma once

// Small things every JSON route handler needs, so each module writes them the same way.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "platform/core/clock.hpp"
#include "platform/net/http.hpp"
#include "platform/net/json_fields.hpp"

namespace platform::net {

// {"items": [...], "nextCursor": "…" | null}: API.md "Conventions" for lists.
inline boost::json::object PageJson(boost::json::array items,
                                    const std::optional<std::string>& next_cursor) {
  boost::json::object out{{"items", std::move(items)}};
  out["nextCursor"] = next_cursor ? boost::json::value(*next_cursor) : boost::json::value(nullptr);
  return out;
}

// A time in the query string (`?from=2026-01-01T00:00:00Z`): nullopt when absent, 400
// VALIDATION_001 naming the parameter when it is not ISO 8601.
inline Result<std::optional<std::int64_t>> TimeQuery(const Request& r, std::string_view name) {
  const auto text = r.Query(name);
  if (!text) return std::optional<std::int64_t>();
  const auto at = ParseIso8601(*text);
  if (!at) return FieldError(name, "an ISO 8601 time");
  return std::optional<std::int64_t>(*at);
}

}  // namespace platform::net

// Inside a handler coroutine: unwraps a Result into `name`, or answers with its error. A macro
// because a coroutine's early co_return cannot be factored into a function.
#define NET_TRY(name, expr) \
  auto name = (expr);       \
  if (!name) co_return ::platform::net::Response::FromError(name.error())
