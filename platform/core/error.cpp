#include "platform/core/error.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cerrno>

namespace platform {

ErrorException::ErrorException(Error e) : std::runtime_error(e.message), error_(std::move(e)) {}

void throw_exception_from_error(const Error& e, const boost::source_location&) {
  throw ErrorException(e);
}

Error StorageFull() {
  return Error(errors::kUnavailable, "the server's storage is full", {{"cause", "storage_full"}});
}

bool IsStorageFull(const std::error_code& code) {
  return code == std::errc::no_space_on_device || code.value() == EDQUOT;
}

std::string ToJson(const Error& e) {
  boost::json::object inner;
  inner["code"] = e.kind.code;
  inner["message"] = e.message;
  inner["details"] = e.details;
  boost::json::object outer;
  outer["error"] = std::move(inner);
  return boost::json::serialize(outer);
}

}  // namespace platform
