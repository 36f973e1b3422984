#pragma once

// multipart/form-data (RFC 7578) parsed as it streams: feed the body in pieces as they arrive
// (Request::body_stream) and act on the events, so a file part goes to disk piece by piece and
// is never held whole. Malformed input is 400 VALIDATION_001 with details.reason.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/error.hpp"

namespace platform::net {

struct MultipartPart {
  std::string name;          // form field name
  std::string filename;      // empty for plain fields
  std::string content_type;  // as declared (never trusted for files)
};

struct MultipartEvent {
  enum class Kind { kPartBegin, kData, kPartEnd };
  Kind kind = Kind::kData;
  MultipartPart part;  // kPartBegin
  std::string data;    // kData
};

struct MultipartLimits {
  std::size_t max_parts = 32;
  std::size_t max_header_bytes = 8 * 1024;  // per part
};

class MultipartParser {
 public:
  // The boundary of a "multipart/form-data; boundary=…" Content-Type, or 415/400 errors.
  static Result<std::string> BoundaryOf(std::string_view content_type);

  explicit MultipartParser(std::string boundary, MultipartLimits limits = {});
  // The events the bytes complete. Throws ErrorException (400) on malformed input.
  std::vector<MultipartEvent> Feed(std::string_view bytes);
  // After the last piece: throws ErrorException (400) unless the closing boundary was seen.
  void Finish() const;

 private:
  enum class State { kPreamble, kHeaders, kBody, kDone };
  void ParseHeaders(std::string_view block, MultipartPart& part) const;

  const std::string delimiter_;  // "\r\n--" + boundary
  const MultipartLimits limits_;
  State state_ = State::kPreamble;
  std::string pending_;  // bytes not yet turned into events
  std::size_t parts_ = 0;
};

}  // namespace platform::net
