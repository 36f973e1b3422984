#pragma once

// Opaque bearer tokens (refresh tokens, API keys): 256 random bits, handed out once and
// stored only as a SHA-256 hash, so a database leak reveals no usable token.

#include <string>
#include <string_view>

namespace platform::auth {

// 32 random bytes, base64url.
std::string NewOpaqueToken();
// Lower-case hex SHA-256 of the token: what the database keeps.
std::string HashToken(std::string_view token);

}  // namespace platform::auth
