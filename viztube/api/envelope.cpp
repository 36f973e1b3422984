#include "viztube/api/envelope.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "platform/net/json_fields.hpp"

namespace viztube::api {

namespace json = boost::json;

std::string_view CodeOf(const platform::Error& error) {
  switch (error.kind.status) {
    case 400:
    case 411:
    case 422:
    case 431:
      return "VALIDATION";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "FORBIDDEN";
    case 404:
      return "NOT_FOUND";
    case 405:
      return "METHOD_NOT_ALLOWED";
    case 409:
      return "CONFLICT";
    case 412:
      return "PRECONDITION_FAILED";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 415:
      return "UNSUPPORTED_MEDIA_TYPE";
    case 416:
      return "RANGE_NOT_SATISFIABLE";
    case 423:
      return "LOCKED";
    case 429:
      return "RATE_LIMITED";
    case 503:
      return "UNAVAILABLE";
    default:
      return "INTERNAL";
  }
}

std::string RenderError(const platform::Error& error) {
  const std::string_view code = CodeOf(error);
  json::array errors;
  if (const auto* field = error.details.if_contains("field"); field && field->is_string()) {
    const auto* reason = error.details.if_contains("reason");
    errors.push_back(
        json::object{{"field", *field},
                     {"code", code},
                     {"message", reason && reason->is_string() ? json::value(*reason)
                                                               : json::value(error.message)}});
  }
  return json::serialize(json::object{{"statusCode", error.kind.status},
                                      {"data", nullptr},
                                      {"message", error.message},
                                      {"success", false},
                                      {"code", code},
                                      {"errors", std::move(errors)}});
}

platform::net::Response Ok(int status, json::value data, std::string_view message) {
  return platform::net::Response::Json(status, json::object{{"statusCode", status},
                                                            {"data", std::move(data)},
                                                            {"message", message},
                                                            {"success", true}});
}

platform::Result<std::int64_t> WholeOf(const platform::net::Request& r, std::string_view name,
                                       std::int64_t fallback, std::int64_t min, std::int64_t max) {
  const auto text = r.Query(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() || value < min ||
      value > max) {
    return platform::net::FieldError(
        name, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

platform::Result<PageRequest> PageOf(const platform::net::Request& r) {
  auto page = WholeOf(r, "page", 1, 1, kMaxPage);
  if (!page) return page.error();
  auto limit = WholeOf(r, "limit", 10, 1, kMaxPageLimit);
  if (!limit) return limit.error();
  return PageRequest{.page = *page, .limit = *limit};
}

platform::Result<std::string> JsonString(const platform::net::Request& r, std::string_view name,
                                         std::size_t max_bytes) {
  auto body = platform::net::ParseJsonObject(r);
  if (!body) return body.error();
  auto value = platform::net::StringField(*body, name, {.max_bytes = max_bytes});
  if (!value) return value.error();
  return **value;
}

json::object QueryPage(platform::store::Connection& c, std::string_view count_sql,
                       std::string_view list_sql, platform::store::Params params,
                       const PageRequest& page,
                       const std::function<json::value(const platform::store::Row&)>& to_json) {
  const std::int64_t total = c.Query(count_sql, params)[0].Int(0);
  // One insert of both: GCC 12 at -O2 misreads two push_backs of a variant holding a string
  // as a read of an uninitialized string (-Wmaybe-uninitialized).
  const std::int64_t limit = page.limit, offset = page.offset();
  params.insert(params.end(), {limit, offset});
  json::array docs;
  for (const auto& row : c.Query(list_sql, params)) docs.push_back(to_json(row));
  return PageJson(std::move(docs), total, page);
}

json::object PageJson(json::array docs, std::int64_t total, const PageRequest& page) {
  const std::int64_t pages = total == 0 ? 0 : (total + page.limit - 1) / page.limit;
  return {{"docs", std::move(docs)},     {"totalDocs", total},  {"limit", page.limit},
          {"page", page.page},           {"totalPages", pages}, {"hasNextPage", page.page < pages},
          {"hasPrevPage", page.page > 1}};
}

}  // namespace viztube::api
