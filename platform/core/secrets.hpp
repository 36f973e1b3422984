#pragma once

// Secrets the operator did not give (signing keys…) are generated once, on first start, into
// DIR/secrets/NAME with mode 0600, and read back on every later start, so all instances that
// share the data directory agree. Their values are never logged.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace platform {

// Creates `dir`, a data directory, (and its parents) with mode 0700 when it does not exist: it
// holds the database, the uploads and the secrets, which other local users have no business
// reading. One that exists keeps its mode (the operator chose it). Throws
// std::filesystem::filesystem_error.
void CreatePrivateDirectory(const std::filesystem::path& dir);

// Returns the secret stored under `name`, creating it with `bytes` random bytes (base64url)
// if it does not exist yet. Safe when several processes race to create it: one wins, all read
// the winner's value. Throws std::runtime_error when the directory is not usable.
std::string LoadOrCreateSecret(const std::filesystem::path& data_dir, std::string_view name,
                               std::size_t bytes);

}  // namespace platform
