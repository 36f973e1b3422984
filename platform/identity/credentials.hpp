#pragma once

// Input rules for what people sign in with. Each returns the normalized value or a 400
// VALIDATION_001 error naming the field.

#include <string>
#include <string_view>

#include "platform/core/error.hpp"

namespace platform::identity {

inline constexpr std::size_t kMinPasswordBytes = 8;
// argon2id's cost barely depends on length, but a cap keeps request bodies honest.
inline constexpr std::size_t kMaxPasswordBytes = 256;
inline constexpr std::size_t kMaxEmailBytes = 254;

// Trimmed and lower-cased; one '@', a dotted domain, no spaces or control characters.
Result<std::string> NormalizeEmail(std::string_view email, std::string_view field = "email");
// 8 to 256 bytes.
Result<std::string> CheckPassword(std::string_view password, std::string_view field = "password");
// What a login form's "email or username" becomes before lookup: trimmed, lower-cased.
std::string NormalizeLogin(std::string_view login);

}  // namespace platform::identity
