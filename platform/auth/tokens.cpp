#include "platform/auth/tokens.hpp"

#include "platform/core/ids.hpp"

namespace platform::auth {

namespace {
constexpr std::size_t kTokenBytes = 32;
}

std::string NewOpaqueToken() {
  return RandomToken(kTokenBytes);
}

std::string HashToken(std::string_view token) {
  return Sha256Hex(token);
}

}  // namespace platform::auth
