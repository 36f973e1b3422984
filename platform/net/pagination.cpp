#include "platform/net/pagination.hpp"

#include <sodium.h>

#include <charconv>

#include "platform/net/json_fields.hpp"

namespace platform::net {

namespace {

constexpr auto kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr std::size_t kMaxCursorBytes = 256;

std::optional<PageKey> DecodeCursor(std::string_view text) {
  if (text.empty() || text.size() > kMaxCursorBytes) return std::nullopt;
  std::string raw(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(raw.data()), raw.size(), text.data(),
                        text.size(), nullptr, &length, nullptr, kVariant) != 0) {
    return std::nullopt;
  }
  raw.resize(length);
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
  const std::string raw = std::to_string(key.time) + ":" + key.id;
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), kVariant);
  out.resize(out.find('\0'));
  return out;
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
