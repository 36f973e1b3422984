// What arrives in Cookie and Authorization headers and in signed links: CookieValue on any
// header, VerifyJwt on any token (alg none, algorithm confusion, bad base64, huge claims) and
// VerifySignedUrl on any path, expiry and signature. Nothing forged may pass: a token or
// link only verifies with the key, and this key never signed anything here.

#include <cstdint>
#include <string_view>

#include "platform/auth/cookies.hpp"
#include "platform/auth/jwt.hpp"
#include "platform/auth/signed_url.hpp"

namespace {
constexpr std::string_view kKey = "fuzzing-key-that-signed-nothing";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  (void)platform::auth::CookieValue(input, "vizora_access");
  (void)platform::auth::CookieValue(input, "");
  if (platform::auth::VerifyJwt(input, kKey, 1'700'000'000)) __builtin_trap();
  const auto q = input.find('?'), amp = input.find('&');
  const std::string_view path = input.substr(0, q);
  const std::string_view expires = q == std::string_view::npos ? "" : input.substr(q + 1, amp - q);
  const std::string_view sig = amp == std::string_view::npos ? "" : input.substr(amp + 1);
  if (platform::auth::VerifySignedUrl(path, expires, sig, kKey, 1'700'000'000)) __builtin_trap();
  return 0;
}
