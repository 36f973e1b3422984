#include "platform/auth/tokens.hpp"

#include <sodium.h>

#include "platform/core/ids.hpp"

namespace platform::auth {

namespace {
constexpr std::size_t kTokenBytes = 32;
}

std::string NewOpaqueToken() {
  return RandomToken(kTokenBytes);
}

std::string HashToken(std::string_view token) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

}  // namespace platform::auth
