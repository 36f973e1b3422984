#include "platform/auth/signed_url.hpp"

#include <charconv>

#include "platform/auth/hmac.hpp"
#include "platform/core/ids.hpp"

namespace platform::auth {

namespace {

std::string Signature(std::string_view path, std::int64_t expires, std::string_view key) {
  const std::string message = "GET\n" + std::string(path) + "\n" + std::to_string(expires);
  return Base64UrlEncode(HmacSha256(message, key));
}

}  // namespace

std::string SignUrl(std::string_view path, std::int64_t expires_at_seconds, std::string_view key) {
  return std::string(path) + "?expires=" + std::to_string(expires_at_seconds) +
         "&sig=" + Signature(path, expires_at_seconds, key);
}

bool VerifySignedUrl(std::string_view path, std::string_view expires, std::string_view signature,
                     std::string_view key, std::int64_t now_seconds) {
  std::int64_t at = 0;
  const auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), at);
  if (ec != std::errc() || end != expires.data() + expires.size() || expires.empty()) return false;
  if (now_seconds > at) return false;
  return ConstantTimeEqual(Signature(path, at, key), signature);
}

}  // namespace platform::auth
