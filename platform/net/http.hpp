#pragma once

// The HTTP types handlers see. Beast stays inside platform/net's .cpp files: modules include
// this small header, not Beast (compile time, TOOLCHAIN.md).

#include <any>
#include <boost/asio/awaitable.hpp>
#include <boost/json/fwd.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/core/error.hpp"

namespace platform::net {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
inline constexpr std::size_t kMethodCount = 8;
// A JSON body deeper than this is refused rather than risk the parser's stack.
inline constexpr std::size_t kMaxJsonDepth = 32;
std::string_view MethodName(Method method);

struct Route;

// The body of a request whose route streams it (Route::stream_body), read as it arrives so that
// an upload of any size costs a fixed amount of memory.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // The next piece of the body (valid until the next call; at most 64 KiB), or nullopt once
  // it has all been read. Throws ErrorException: 413 PAYLOAD_TOO_LARGE as soon as the bytes
  // pass the route's limit, 400 when the client stops sending mid-body.
  virtual boost::asio::awaitable<std::optional<std::string_view>> Next() = 0;
};

// One request, owned by its session for the duration of the handler. Not thread-safe.
class Request {
 public:
  Method method = Method::kGet;
  std::string target;                 // as received: path + "?" + query
  std::string_view path;              // view into target, still percent-encoded
  std::string_view query;             // view into target, without '?'
  std::string body;                   // whole, unless the route streams it (then see body_stream)
  BodyStream* body_stream = nullptr;  // set for Route::stream_body routes, for the handler's call
  std::string request_id;
  std::string remote_address;
  const Route* route = nullptr;
  std::vector<std::string_view> path_values;  // in the order of route->param_names

  // Header value, or "" when absent. Names are case-insensitive.
  std::string_view Header(std::string_view name) const;
  // Path parameter declared by the route pattern ("{id}"), or "" when not declared.
  std::string_view PathParam(std::string_view name) const;
  // First query parameter of that name, percent-decoded; nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;

  // Who is calling, as the guard established it (the product's own type); empty when the
  // route is public.
  std::any principal;

  // Set by the server: the Beast message, so headers are read in place rather than copied.
  const void* native = nullptr;
};

// A response body produced piece by piece while it is written (a file streamed from disk),
// so a large body is never held whole.
class BodyProducer {
 public:
  virtual ~BodyProducer() = default;
  // The next piece (valid until the next call), or an empty view once all was produced.
  // Throws on a failure; the connection is then closed (the status line is already out).
  virtual boost::asio::awaitable<std::string_view> Next() = 0;
};

struct StreamedBody {
  std::shared_ptr<BodyProducer> producer;
  // Content-Length: exactly what the producer yields. None when it is not known up front (a
  // report written as its rows are read): the body is then sent chunked.
  std::optional<std::uint64_t> length;
};

struct Header {
  std::string name;
  std::string value;
};

struct Response {
  int status = 200;
  std::string_view content_type = "application/json";  // must outlive the response: a literal
  std::string body;
  std::vector<Header> headers;
  // For HEAD: the Content-Length that GET would send, when the body was not produced.
  std::optional<std::uint64_t> head_content_length;
  // Set instead of `body` for large bodies (the server pulls the pieces as it writes).
  std::optional<StreamedBody> streamed;
  // Set by FromError instead of a body: the server renders it in the product's own error
  // shape (ServerOptions::render_error) as it writes the response.
  std::optional<Error> error;

  static Response Json(int status, const boost::json::value& value);
  static Response Json(int status, std::string serialized_json);
  // The error's status; its body is rendered by the server (ServerOptions::render_error).
  static Response FromError(const Error& error);
  static Response Text(int status, std::string_view content_type, std::string body);
  static Response NoContent();
  // 302 to `location`: where the bytes are served from (a presigned storage link).
  static Response Found(std::string location);

  void AddHeader(std::string name, std::string value) {
    headers.push_back({std::move(name), std::move(value)});
  }
};

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;

// The token of "Authorization: Bearer <token>" (scheme case-insensitive, RFC 9110 §11.1):
// nullopt without an Authorization header, "" when the header is not a Bearer one.
std::optional<std::string_view> BearerToken(const Request& request);

// The body as a JSON object: 415 unless Content-Type is application/json, 400 VALIDATION_001
// (with details.reason) when it is not well-formed JSON or not an object.
Result<boost::json::object> ParseJsonObject(const Request& request);

}  // namespace platform::net
