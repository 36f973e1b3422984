#pragma once

// VizTube's answers (VIZTUBE-API.md "Conventions"): every body is the envelope
//   success {"statusCode":S,"data":…,"message":"…","success":true}
//   failure {"statusCode":S,"data":null,"message":"…","success":false,"code":"…",
//            "errors":[{"field","code","message"}]}
// with the HTTP status equal to statusCode. Failures are rendered from platform::Error by the
// server (ServerOptions::render_error), so the platform's own refusals (404 route, 413 body,
// 429 rate limit) wear the same envelope.

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "platform/core/error.hpp"
#include "platform/net/http.hpp"
#include "platform/store/database.hpp"

namespace viztube::api {

// The stable top-level codes of failures, by HTTP status.
std::string_view CodeOf(const platform::Error& error);

// The failure envelope, serialized.
std::string RenderError(const platform::Error& error);

// A success envelope.
platform::net::Response Ok(int status, boost::json::value data, std::string_view message);

// `page` (from 1) and `limit` (1–100, default 10) of a list request; 400 VALIDATION otherwise.
struct PageRequest {
  std::int64_t page = 1;
  std::int64_t limit = 10;
  std::int64_t offset() const { return (page - 1) * limit; }
};
inline constexpr std::int64_t kMaxPageLimit = 100;
inline constexpr std::int64_t kMaxPage = 1'000'000;
platform::Result<PageRequest> PageOf(const platform::net::Request& request);

// The query parameter `name` as a whole number in [min, max], `fallback` when absent; else
// 400 VALIDATION naming it.
platform::Result<std::int64_t> WholeOf(const platform::net::Request& request, std::string_view name,
                                       std::int64_t fallback, std::int64_t min, std::int64_t max);

// The string `name` of a JSON object body, required, at most `max_bytes`; else its 400/415.
platform::Result<std::string> JsonString(const platform::net::Request& request,
                                         std::string_view name, std::size_t max_bytes);

// One page of a list, in the caller's transaction: `count_sql` gives the total; `list_sql`
// the page's rows, its last two placeholders being LIMIT and OFFSET (appended to `params`);
// `to_json` turns each row into a doc.
boost::json::object QueryPage(
    platform::store::Connection& c, std::string_view count_sql, std::string_view list_sql,
    platform::store::Params params, const PageRequest& page,
    const std::function<boost::json::value(const platform::store::Row&)>& to_json);

// {"docs":[…],"totalDocs":N,"limit":L,"page":P,"totalPages":T,"hasNextPage":b,"hasPrevPage":b}
boost::json::object PageJson(boost::json::array docs, std::int64_t total, const PageRequest& page);

}  // namespace viztube::api

// Inside a handler coroutine: unwraps a Result into `name`, or answers with its error.
#define VT_TRY(name, expr) \
  auto name = (expr);      \
  if (!name) co_return ::platform::net::Response::FromError(name.error())
