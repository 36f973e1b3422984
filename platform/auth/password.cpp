#include "platform/auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "platform/core/ids.hpp"

namespace platform::auth {

namespace {
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}  // namespace

std::string HashPassword(std::string_view password) {
  (void)RandomBytes(0);  // makes sure libsodium is initialised
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return out;
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  const std::string terminated(hash);  // libsodium wants a NUL-terminated string
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool VerifyNothing(std::string_view password) {
  static const std::string dummy = HashPassword(RandomToken(16));
  VerifyPassword(dummy, password);
  return false;
}

}  // namespace platform::auth
