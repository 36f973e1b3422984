#include "platform/net/http.hpp"

#include <algorithm>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/decode_view.hpp>
#include <boost/url/parse_query.hpp>
#include <cctype>

#include "platform/net/router.hpp"

namespace platform::net {

namespace http = boost::beast::http;
using BeastRequest = http::request<http::string_body>;

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kOther:
      return "OTHER";
  }
  return "OTHER";
}

std::string_view Request::Header(std::string_view name) const {
  if (native == nullptr) return {};
  const auto& message = *static_cast<const BeastRequest*>(native);
  auto it = message.find(name);
  if (it == message.end()) return {};
  const auto value = it->value();
  return {value.data(), value.size()};
}

std::string_view Request::PathParam(std::string_view name) const {
  if (route == nullptr) return {};
  for (std::size_t i = 0; i < route->param_names.size() && i < path_values.size(); ++i) {
    if (route->param_names[i] == name) return path_values[i];
  }
  return {};
}

std::optional<std::string> Request::Query(std::string_view name) const {
  if (query.empty()) return std::nullopt;  // Boost.URL 1.81 calls strlen on a null view
  auto params = boost::urls::parse_query(boost::core::string_view(query.data(), query.size()));
  if (!params) return std::nullopt;
  // Browsers' URLSearchParams encode a space as '+': decode it too.
  auto decode = [](boost::urls::pct_string_view encoded) {
    std::string plus_free;
    plus_free.reserve(encoded.size());
    for (char c : std::string_view(encoded.data(), encoded.size())) {
      if (c == '+')
        plus_free += "%20";
      else
        plus_free.push_back(c);
    }
    return boost::urls::make_pct_string_view(plus_free)->decode();
  };
  for (auto param : *params) {
    if (decode(param.key) == name) return param.has_value ? decode(param.value) : std::string();
  }
  return std::nullopt;
}

Response Response::Json(int status, const boost::json::value& value) {
  return Json(status, boost::json::serialize(value));
}

Response Response::Json(int status, std::string serialized_json) {
  Response r;
  r.status = status;
  r.body = std::move(serialized_json);
  return r;
}

Response Response::FromError(const Error& error) {
  Response r;
  r.status = error.kind.status;
  r.error = error;
  return r;
}

Response Response::Text(int status, std::string_view content_type, std::string body) {
  Response r;
  r.status = status;
  r.content_type = content_type;
  r.body = std::move(body);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type = {};
  return r;
}

Response Response::Found(std::string location) {
  Response r;
  r.status = 302;
  r.content_type = {};
  r.AddHeader("Location", std::move(location));
  return r;
}

std::optional<std::string_view> BearerToken(const Request& r) {
  constexpr std::string_view kBearer = "bearer ";
  const std::string_view authorization = r.Header("Authorization");
  if (authorization.empty()) return std::nullopt;
  const bool bearer =
      authorization.size() > kBearer.size() &&
      std::equal(kBearer.begin(), kBearer.end(), authorization.begin(),
                 [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  if (!bearer) return std::string_view();
  return authorization.substr(kBearer.size());
}

Result<boost::json::object> ParseJsonObject(const Request& request) {
  const std::string_view type = request.Header("Content-Type");
  const std::string_view media = type.substr(0, type.find(';'));
  if (media != "application/json") {
    return Error(errors::kUnsupportedMediaType, "Content-Type must be application/json",
                 {{"contentType", type}});
  }
  boost::json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request.body, ec, {}, options);
  if (ec) {
    return Error(errors::kValidation, "request body is not valid JSON", {{"reason", ec.message()}});
  }
  if (!value.is_object()) {
    return Error(errors::kValidation, "request body must be a JSON object",
                 {{"reason", "not an object"}});
  }
  return std::move(value.as_object());
}

}  // namespace platform::net
