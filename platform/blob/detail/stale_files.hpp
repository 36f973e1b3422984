#pragma once

// Internal to platform/blob: files left in a scratch directory by a process that crashed
// mid-upload are removed when a store opens, and by BlobStore::RemoveStaleTemps.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <system_error>

namespace platform::blob::detail {

// Temp files older than this at open belonged to uploads a crash interrupted.
inline constexpr std::chrono::hours kStaleTempAge{1};

// Removes what in `dir` was last written more than `age` ago: files, and folders (scratch
// folders of conversions and decoder runs) with all they hold; how many entries went.
inline std::size_t RemoveStaleFiles(const std::filesystem::path& dir,
                                    std::chrono::seconds age = kStaleTempAge) {
  namespace fs = std::filesystem;
  const auto cutoff = fs::file_time_type::clock::now() - age;
  std::size_t removed = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::error_code ignored;
    if (it->is_symlink(ignored) || it->last_write_time(ignored) >= cutoff || ignored) continue;
    if (it->is_regular_file(ignored)) {
      removed += fs::remove(it->path(), ignored) ? 1 : 0;
    } else if (it->is_directory(ignored)) {
      removed += fs::remove_all(it->path(), ignored) > 0 ? 1 : 0;
    }
  }
  return removed;
}

}  // namespace platform::blob::detail
