#pragma once

// HMAC-SHA-256 and a constant-time comparison: what JWTs and signed URLs are made of.

#include <string>
#include <string_view>

namespace platform::auth {

// The 32-byte MAC, raw.
std::string HmacSha256(std::string_view data, std::string_view key);
// Equal without revealing where the first difference is (sodium_memcmp).
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace platform::auth
