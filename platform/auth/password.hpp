#pragma once

// Password hashing with argon2id (libsodium's interactive limits: ~80 ms and 64 MiB per hash
// on the project's machine, docs/BENCHMARKS.md). Blocking: run on a worker pool.

#include <string>
#include <string_view>

namespace platform::auth {

// A self-describing "$argon2id$v=19$m=…" string with its own salt.
std::string HashPassword(std::string_view password);
// Constant-time with respect to the password; false for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);
// Verifies against a fixed hash and returns false: spends the same time as a real check, so
// an unknown account cannot be told from a wrong password by timing.
bool VerifyNothing(std::string_view password);

}  // namespace platform::auth
