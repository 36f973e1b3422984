#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <system_error>

#include "platform/blob/blob_store.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"

namespace platform::blob {

namespace fs = std::filesystem;

namespace {

// Temp files older than this at open belonged to uploads a crash interrupted.
constexpr std::chrono::hours kStaleTempAge{1};

void SyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + path.string());
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw std::system_error(err, std::generic_category(), "fsync " + path.string());
}

// Blobs live in DIR/ab/cd/abcd…: two levels of 256 directories keep each one small.
class FileBlobStore final : public BlobStore {
 public:
  explicit FileBlobStore(fs::path root) : root_(std::move(root)), temp_(root_ / "tmp") {
    fs::create_directories(temp_);
    SweepStaleTemps();
  }

  fs::path NewTempFile() override { return temp_ / (NewId() + ".part"); }

  BlobInfo Commit(const fs::path& temp_file, const std::string& sha256) override {
    const fs::path final_path = PathOf(sha256);
    const auto size = fs::file_size(temp_file);
    if (fs::exists(final_path)) {
      fs::remove(temp_file);
      // Young again: a collection that listed it as old and unreferenced leaves it alone
      // (RemoveIfOlderThan), since the caller is about to reference it.
      std::error_code ignored;
      fs::last_write_time(final_path, fs::file_time_type::clock::now(), ignored);
      return {sha256, size};
    }
    SyncPath(temp_file, O_RDONLY);  // the bytes are on disk before the name points at them
    fs::create_directories(final_path.parent_path());
    fs::rename(temp_file, final_path);
    SyncPath(final_path.parent_path(), O_RDONLY | O_DIRECTORY);  // and so is the name
    return {sha256, size};
  }

  std::optional<BlobInfo> Find(const std::string& sha256) const override {
    if (!IsSha256Hex(sha256)) return std::nullopt;
    std::error_code ec;
    const auto size = fs::file_size(PathOf(sha256), ec);
    if (ec) return std::nullopt;
    return BlobInfo{sha256, size};
  }

  std::optional<fs::path> LocalPath(const std::string& sha256) const override {
    if (!Find(sha256)) return std::nullopt;
    return PathOf(sha256);
  }

  bool Remove(const std::string& sha256) override {
    if (!IsSha256Hex(sha256)) return false;
    return fs::remove(PathOf(sha256));
  }

  bool RemoveIfOlderThan(const std::string& sha256, std::chrono::seconds age) override {
    if (!IsSha256Hex(sha256)) return false;
    std::error_code ec;
    const auto written = fs::last_write_time(PathOf(sha256), ec);
    if (ec || written > fs::file_time_type::clock::now() - age) return false;
    return fs::remove(PathOf(sha256), ec);
  }

  std::vector<BlobInfo> ListOlderThan(std::chrono::seconds age) const override {
    std::vector<BlobInfo> out;
    const auto cutoff = fs::file_time_type::clock::now() - age;
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
      if (!entry.is_regular_file()) continue;
      const std::string name = entry.path().filename().string();
      if (!IsSha256Hex(name) || entry.last_write_time() > cutoff) continue;
      out.push_back({name, entry.file_size()});
    }
    return out;
  }

 private:
  fs::path PathOf(const std::string& sha256) const {
    if (!IsSha256Hex(sha256)) throw std::invalid_argument("not a SHA-256: " + sha256);
    return root_ / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
  }

  void SweepStaleTemps() {
    const auto cutoff = fs::file_time_type::clock::now() - kStaleTempAge;
    std::size_t removed = 0;
    for (const auto& entry : fs::directory_iterator(temp_)) {
      if (entry.is_regular_file() && entry.last_write_time() < cutoff) {
        std::error_code ignored;
        removed += fs::remove(entry.path(), ignored) ? 1 : 0;
      }
    }
    if (removed > 0) log::Info("blob.stale_temps_removed", {{"count", removed}});
  }

  const fs::path root_;
  const fs::path temp_;
};

}  // namespace

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::unique_ptr<BlobStore> OpenBlobStore(std::string_view url) {
  constexpr std::string_view kScheme = "file://";
  if (!url.starts_with(kScheme)) {
    throw std::invalid_argument("blob store URL must be file://DIR (got " + std::string(url) + ")");
  }
  return std::make_unique<FileBlobStore>(fs::path(std::string(url.substr(kScheme.size()))));
}

}  // namespace platform::blob
