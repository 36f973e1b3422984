#pragma once

// Small things every JSON route handler needs, so each module writes them the same way.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "platform/net/http.hpp"

namespace platform::net {

// {"items": [...], "nextCursor": "…" | null}: API.md "Conventions" for lists.
inline boost::json::object PageJson(boost::json::array items,
                                    const std::optional<std::string>& next_cursor) {
  boost::json::object out{{"items", std::move(items)}};
  out["nextCursor"] = next_cursor ? boost::json::value(*next_cursor) : boost::json::value(nullptr);
  return out;
}

}  // namespace platform::net

// Inside a handler coroutine: unwraps a Result into `name`, or answers with its error. A macro
// because a coroutine's early co_return cannot be factored into a function.
#define NET_TRY(name, expr) \
  auto name = (expr);       \
  if (!name) co_return ::platform::net::Response::FromError(name.error())
