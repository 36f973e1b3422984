// MultipartParser on hostile bodies, fed whole and in pieces whose size the input picks: the
// parts it reports, or its refusal, must not depend on how the bytes were split, and bad
// input may only be refused (ErrorException), never crash or hang. The input's first line is the
// Content-Type (BoundaryOf is fuzzed too); the rest is the body.

#include <cstdint>
#include <string>
#include <string_view>

#include "platform/net/multipart.hpp"

namespace {

using platform::net::MultipartEvent;
using platform::net::MultipartParser;

// What the parser made of `body` fed `piece` bytes at a time, as one comparable string.
std::string Parse(const std::string& boundary, std::string_view body, std::size_t piece) {
  std::string out;
  try {
    MultipartParser parser(boundary);
    for (std::size_t at = 0; at < body.size(); at += piece) {
      for (const auto& event : parser.Feed(body.substr(at, piece))) {
        switch (event.kind) {
          case MultipartEvent::Kind::kPartBegin:
            out += "[" + event.part.name + "|" + event.part.filename + "|" +
                   event.part.content_type + "]";
            break;
          case MultipartEvent::Kind::kData:
            out += event.data;
            break;
          case MultipartEvent::Kind::kPartEnd:
            out += "[end]";
            break;
        }
      }
    }
    parser.Finish();
  } catch (const platform::ErrorException&) {
    return "[refused]";  // how much came out before the refusal depends on the pieces
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t piece = 1 + data[0] % 97;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto newline = rest.find('\n');
  const std::string_view content_type =
      newline == std::string_view::npos ? std::string_view() : rest.substr(0, newline);
  if (newline != std::string_view::npos) rest.remove_prefix(newline + 1);
  const auto boundary = MultipartParser::BoundaryOf(content_type);
  const std::string chosen = boundary ? *boundary : "fuzz";
  const std::string whole = Parse(chosen, rest, rest.size() + 1);
  const std::string split = Parse(chosen, rest, piece);
  // A part's data may be cut into events differently, never differ in what it is.
  if (whole != split) __builtin_trap();
  return 0;
}
