#pragma once

// Secrets the operator did not give (signing keys…) are generated once, on first start, into
// DIR/secrets/NAME with mode 0600, and read back on every later start, so all instances that
// share the data directory agree. Their values are never logged.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace platform {

// Returns the secret stored under `name`, creating it with `bytes` random bytes (base64url)
// if it does not exist yet. Safe when several processes race to create it: one wins, all read
// the winner's value. Throws std::runtime_error when the directory is not usable.
std::string LoadOrCreateSecret(const std::filesystem::path& data_dir, std::string_view name,
                               std::size_t bytes);

}  // namespace platform
