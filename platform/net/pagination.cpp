#include "platform/net/pagination.hpp"

#include <charconv>

#include "platform/core/ids.hpp"
#include "platform/net/json_fields.hpp"

namespace platform::net {

namespace {

constexpr std::size_t kMaxCursorBytes = 1024;  // a name of up to 255 UTF-8 bytes, encoded

std::optional<PageKey> DecodeCursor(std::string_view text) {
  if (text.empty() || text.size() > kMaxCursorBytes) return std::nullopt;
  const auto decoded = Base64UrlDecode(text);
  if (!decoded) return std::nullopt;
  const std::string& raw = *decoded;
  if (raw.starts_with('s')) {  // "s<length>:<text><id>"
    const auto colon = raw.find(':');
    if (colon == std::string::npos) return std::nullopt;
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(raw.data() + 1, raw.data() + colon, length);
    if (ec != std::errc() || end != raw.data() + colon || length > raw.size() - colon - 1) {
      return std::nullopt;
    }
    return PageKey{.id = raw.substr(colon + 1 + length), .text = raw.substr(colon + 1, length)};
  }
  const auto colon = raw.find(':');
  if (colon == std::string::npos) return std::nullopt;
  PageKey key;
  const auto [end, ec] = std::from_chars(raw.data(), raw.data() + colon, key.time);
  if (ec != std::errc() || end != raw.data() + colon) return std::nullopt;
  key.id = raw.substr(colon + 1);
  return key;
}

}  // namespace

std::string EncodeCursor(const PageKey& key) {
  if (key.text) {
    return Base64UrlEncode("s" + std::to_string(key.text->size()) + ":" + *key.text + key.id);
  }
  return Base64UrlEncode(std::to_string(key.time) + ":" + key.id);
}

Result<PageRequest> ParsePageRequest(const Request& request) {
  PageRequest page;
  if (auto limit = request.Query("limit")) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), n);
    if (ec != std::errc() || end != limit->data() + limit->size() || n < 1 || n > kMaxPageSize) {
      return FieldError("limit", "a whole number from 1 to 200");
    }
    page.limit = n;
  }
  if (auto cursor = request.Query("cursor"); cursor && !cursor->empty()) {
    page.after = DecodeCursor(*cursor);
    if (!page.after) return FieldError("cursor", "not a cursor from this API");
  }
  return page;
}

}  // namespace platform::net
