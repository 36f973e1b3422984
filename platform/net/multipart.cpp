#include "platform/net/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace platform::net {

namespace {

// RFC 2046 §5.1.1: at most 70 characters from a restricted set.
constexpr std::size_t kMaxBoundaryBytes = 70;

[[noreturn]] void Malformed(std::string_view reason) {
  throw ErrorException(Error(errors::kValidation,
                             "malformed multipart body: " + std::string(reason),
                             {{"reason", reason}}));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of `key` in "form-data; name=\"x\"; filename=\"y.png\"" (quoted or not).
std::string ParameterOf(std::string_view header, std::string_view key) {
  std::size_t at = 0;
  while ((at = header.find(';', at)) != std::string_view::npos) {
    ++at;
    std::string_view rest = Trim(header.substr(at));
    const auto eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (Lower(Trim(rest.substr(0, eq))) != key) continue;
    std::string_view value = Trim(rest.substr(eq + 1));
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (std::size_t i = 1; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        out += value[i];
      }
      return out;
    }
    return std::string(value.substr(0, value.find(';')));
  }
  return "";
}

}  // namespace

Result<std::string> MultipartParser::BoundaryOf(std::string_view content_type) {
  if (!Lower(content_type).starts_with("multipart/form-data")) {
    return Error(errors::kUnsupportedMediaType, "expected multipart/form-data");
  }
  std::string boundary = ParameterOf(content_type, "boundary");
  if (boundary.empty() || boundary.size() > kMaxBoundaryBytes) {
    return Error(errors::kValidation, "multipart/form-data needs a boundary of 1 to 70 characters",
                 {{"reason", "bad boundary"}});
  }
  return boundary;
}

MultipartParser::MultipartParser(std::string boundary, MultipartLimits limits)
    : delimiter_("\r\n--" + boundary), limits_(limits) {
  // The first delimiter may open the body without the CRLF: pretend one came before.
  pending_ = "\r\n";
}

std::vector<MultipartEvent> MultipartParser::Feed(std::string_view bytes) {
  std::vector<MultipartEvent> events;
  pending_.append(bytes);
  for (;;) {
    if (state_ == State::kPreamble) {
      const auto at = pending_.find(delimiter_);
      if (at == std::string::npos) {
        // Keep only what could be the start of the delimiter.
        if (pending_.size() > delimiter_.size())
          pending_.erase(0, pending_.size() - delimiter_.size());
        break;
      }
      pending_.erase(0, at + delimiter_.size());
      state_ = State::kHeaders;
    }
    if (state_ == State::kHeaders) {
      // Right after a delimiter: "--" closes the body, CRLF opens a part's headers.
      if (pending_.size() < 2) break;
      if (pending_.compare(0, 2, "--") == 0) {
        state_ = State::kDone;
        pending_.clear();
        break;
      }
      const auto end = pending_.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (pending_.size() > limits_.max_header_bytes) Malformed("part headers too large");
        break;
      }
      if (pending_.compare(0, 2, "\r\n") != 0) Malformed("no line break after the boundary");
      if (end > limits_.max_header_bytes) Malformed("part headers too large");
      if (++parts_ > limits_.max_parts) Malformed("too many parts");
      MultipartEvent begin{.kind = MultipartEvent::Kind::kPartBegin};
      // end is 0 for a part with no headers at all: its blank line is the boundary's CRLF.
      // (Taking end - 2 bytes then read the whole body as headers: found by fuzzing.)
      ParseHeaders(end < 2 ? std::string_view() : std::string_view(pending_).substr(2, end - 2),
                   begin.part);
      events.push_back(std::move(begin));
      pending_.erase(0, end + 4);
      state_ = State::kBody;
    }
    if (state_ == State::kBody) {
      const auto at = pending_.find(delimiter_);
      if (at == std::string::npos) {
        // Everything but a possible partial delimiter at the end is data.
        const std::size_t keep = std::min(pending_.size(), delimiter_.size() - 1);
        const std::size_t ready = pending_.size() - keep;
        if (ready > 0) {
          events.push_back(
              {.kind = MultipartEvent::Kind::kData, .data = pending_.substr(0, ready)});
          pending_.erase(0, ready);
        }
        break;
      }
      if (at > 0)
        events.push_back({.kind = MultipartEvent::Kind::kData, .data = pending_.substr(0, at)});
      events.push_back({.kind = MultipartEvent::Kind::kPartEnd});
      pending_.erase(0, at + delimiter_.size());
      state_ = State::kHeaders;
      continue;
    }
    if (state_ == State::kDone) {
      pending_.clear();  // the epilogue is ignored
      break;
    }
  }
  return events;
}

void MultipartParser::Finish() const {
  if (state_ != State::kDone) Malformed("the body ended before the closing boundary");
}

void MultipartParser::ParseHeaders(std::string_view block, MultipartPart& part) const {
  bool form_data = false;
  std::size_t start = 0;
  while (start <= block.size()) {
    const auto end = block.find("\r\n", start);
    const std::string_view line =
        block.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      const std::string name = Lower(Trim(line.substr(0, colon)));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        form_data = Lower(value).starts_with("form-data");
        part.name = ParameterOf(value, "name");
        part.filename = ParameterOf(value, "filename");
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (end == std::string_view::npos) break;
    start = end + 2;
  }
  if (!form_data || part.name.empty())
    Malformed("a part without Content-Disposition: form-data; name");
}

}  // namespace platform::net
