#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <system_error>

#include "platform/blob/blob_store.hpp"
#include "platform/blob/detail/stale_files.hpp"
#include "platform/blob/s3_blob_store.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"

namespace platform::blob {

namespace fs = std::filesystem;

namespace {

void SyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + path.string());
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) throw std::system_error(err, std::generic_category(), "fsync " + path.string());
}

constexpr std::size_t kMaxKeyBytes = 512;

class FileReader final : public BlobReader {
 public:
  // Null when the file cannot be opened.
  static std::unique_ptr<BlobReader> Open(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
      ::close(fd);
      return nullptr;
    }
    return std::unique_ptr<BlobReader>(new FileReader(fd, size));
  }
  ~FileReader() override { ::close(fd_); }

  std::uint64_t size() const override { return size_; }

  std::string Read(std::uint64_t offset, std::size_t max_bytes) override {
    if (offset >= size_) return {};
    std::string out(static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes, size_ - offset)),
                    '\0');
    std::size_t got = 0;
    while (got < out.size()) {
      const ssize_t n =
          ::pread(fd_, out.data() + got, out.size() - got, static_cast<off_t>(offset + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw std::system_error(errno, std::generic_category(), "pread");
      if (n == 0) break;  // truncated under us
      got += static_cast<std::size_t>(n);
    }
    out.resize(got);
    return out;
  }

 private:
  FileReader(int fd, std::uint64_t size) : fd_(fd), size_(size) {}
  const int fd_;
  const std::uint64_t size_;
};

// Blobs live in DIR/ab/cd/abcd…: two levels of 256 directories keep each one small. Objects
// live under DIR/objects/<key>; temp files in DIR/tmp.
class FileBlobStore final : public BlobStore {
 public:
  explicit FileBlobStore(fs::path root)
      : root_(std::move(root)), temp_(root_ / "tmp"), objects_(root_ / "objects") {
    fs::create_directories(temp_);
    fs::create_directories(objects_);
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
    for (auto it = fs::recursive_directory_iterator(root_);
         it != fs::recursive_directory_iterator(); ++it) {
      const auto& entry = *it;
      if (entry.is_directory() && entry.path() == objects_) {
        it.disable_recursion_pending();  // objects are not blobs, whatever their names
        continue;
      }
      if (!entry.is_regular_file()) continue;
      const std::string name = entry.path().filename().string();
      if (!IsSha256Hex(name) || entry.last_write_time() > cutoff) continue;
      out.push_back({name, entry.file_size()});
    }
    return out;
  }

  std::unique_ptr<BlobReader> OpenBlob(const std::string& sha256) const override {
    if (!IsSha256Hex(sha256)) return nullptr;
    return FileReader::Open(PathOf(sha256));
  }

  ObjectInfo PutObject(std::string_view key, const fs::path& finished) override {
    const fs::path path = ObjectPath(key);
    if (path.empty()) throw std::invalid_argument("not an object key: " + std::string(key));
    const auto size = fs::file_size(finished);
    SyncPath(finished, O_RDONLY);
    fs::create_directories(path.parent_path());
    fs::rename(finished, path);
    SyncPath(path.parent_path(), O_RDONLY | O_DIRECTORY);
    return {std::string(key), size};
  }

  std::unique_ptr<BlobReader> OpenObject(std::string_view key) const override {
    const fs::path path = ObjectPath(key);
    if (path.empty()) return nullptr;
    return FileReader::Open(path);
  }

  std::vector<ObjectInfo> ListObjects(std::string_view prefix) const override {
    std::vector<ObjectInfo> out;
    const fs::path dir = ObjectPath(prefix);
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      out.push_back({fs::relative(entry.path(), objects_).generic_string(), entry.file_size()});
    }
    std::sort(out.begin(), out.end(),
              [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
    return out;
  }

  std::size_t RemoveObjects(std::string_view prefix) override {
    const fs::path dir = ObjectPath(prefix);
    std::error_code ec;
    if (dir.empty()) return 0;
    if (fs::is_regular_file(dir, ec)) return fs::remove(dir, ec) ? 1 : 0;
    if (!fs::is_directory(dir, ec)) return 0;
    const std::size_t count = ListObjects(prefix).size();
    fs::remove_all(dir);
    return count;
  }

 private:
  // Empty for a key that is not one: nothing outside objects_ can be named.
  fs::path ObjectPath(std::string_view key) const {
    if (!IsObjectKey(key)) return {};
    return objects_ / std::string(key);
  }

  fs::path PathOf(const std::string& sha256) const {
    if (!IsSha256Hex(sha256)) throw std::invalid_argument("not a SHA-256: " + sha256);
    return root_ / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
  }

  void SweepStaleTemps() {
    const std::size_t removed = detail::RemoveStaleFiles(temp_);
    if (removed > 0) log::Info("blob.stale_temps_removed", {{"count", removed}});
  }

 public:
  std::size_t RemoveStaleTemps(std::chrono::seconds age) override {
    return detail::RemoveStaleFiles(temp_, age);
  }

 private:
  const fs::path root_;
  const fs::path temp_;
  const fs::path objects_;
};

}  // namespace

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool IsObjectKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes) return false;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t slash = key.find('/', start);
    const std::string_view segment =
        key.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (char c : segment) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
      if (!ok) return false;
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

std::unique_ptr<BlobStore> OpenBlobStore(std::string_view url) {
  constexpr std::string_view kScheme = "file://";
  if (url.starts_with("s3://")) return OpenS3BlobStore(url);
  if (!url.starts_with(kScheme)) {
    throw std::invalid_argument(
        "blob store URL must be file://DIR or s3://BUCKET?endpoint=… (got " + std::string(url) +
        ")");
  }
  return std::make_unique<FileBlobStore>(fs::path(std::string(url.substr(kScheme.size()))));
}

}  // namespace platform::blob
