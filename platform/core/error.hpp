#pragma once

// Expected failures are values at module boundaries (STYLE.md "Errors"): a function that can
// fail for a reason the client should hear returns Result<T>. The one table of API error codes
// lives in the ErrorKind constants: each module declares its own next to its code, and the
// HTTP layer turns an Error into status + {"error":{"code","message","details"}}.

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace platform {

// A stable, client-visible error code and the HTTP status it maps to.
struct ErrorKind {
  std::string_view code;
  int status;
  friend bool operator==(const ErrorKind& a, const ErrorKind& b) { return a.code == b.code; }
};

// Kinds the platform itself produces. Product modules add their own (ORDER_001…).
namespace errors {
inline constexpr ErrorKind kValidation{"VALIDATION_001", 400};
inline constexpr ErrorKind kUnprocessable{"VALIDATION_002", 422};
inline constexpr ErrorKind kBadRequest{"BAD_REQUEST", 400};
inline constexpr ErrorKind kUnauthenticated{"AUTH_001", 401};
inline constexpr ErrorKind kForbidden{"AUTHZ_001", 403};
inline constexpr ErrorKind kNotFound{"NOT_FOUND", 404};
inline constexpr ErrorKind kMethodNotAllowed{"METHOD_NOT_ALLOWED", 405};
inline constexpr ErrorKind kConflict{"CONFLICT_001", 409};
inline constexpr ErrorKind kLengthRequired{"LENGTH_REQUIRED", 411};
inline constexpr ErrorKind kPayloadTooLarge{"PAYLOAD_TOO_LARGE", 413};
inline constexpr ErrorKind kUnsupportedMediaType{"UNSUPPORTED_MEDIA_TYPE", 415};
inline constexpr ErrorKind kRangeNotSatisfiable{"RANGE_NOT_SATISFIABLE", 416};
inline constexpr ErrorKind kHeadersTooLarge{"HEADERS_TOO_LARGE", 431};
inline constexpr ErrorKind kRateLimited{"RATE_LIMIT", 429};
inline constexpr ErrorKind kInternal{"INTERNAL", 500};
inline constexpr ErrorKind kUnavailable{"UNAVAILABLE", 503};
}  // namespace errors

// An error a client may see. `message` is for the client; anything internal goes to the log,
// never here.
struct Error {
  ErrorKind kind;
  std::string message;
  boost::json::object details;

  Error() : kind(errors::kInternal) {}  // boost::system::result needs it
  Error(ErrorKind k, std::string msg, boost::json::object d = {})
      : kind(k), message(std::move(msg)), details(std::move(d)) {}
};

// Thrown where unwinding is simpler than returning (deep inside request parsing); the HTTP
// session catches it and answers with the error. Anything else thrown is a bug: 500.
class ErrorException : public std::runtime_error {
 public:
  explicit ErrorException(Error e);
  const Error& error() const { return error_; }

 private:
  Error error_;
};

template <class T>
using Result = boost::system::result<T, Error>;

// Lets Result<T>::value() throw ErrorException when it holds an Error (found by ADL).
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

// The disk (or the database's quota) has no room for a write: 503 UNAVAILABLE with
// details.cause "storage_full". Nothing is wrong with the request; it may be tried again once
// an operator has made room.
Error StorageFull();
// Whether `code` says there is no room left (ENOSPC, EDQUOT).
bool IsStorageFull(const std::error_code& code);

// Serializes {"error":{"code","message","details"}}.
std::string ToJson(const Error& e);

}  // namespace platform

// In a function returning some Result<T>: unwraps a Result into `name`, or returns its error.
#define RESULT_TRY(name, expr) \
  auto name = (expr);          \
  if (!name) return name.error()
