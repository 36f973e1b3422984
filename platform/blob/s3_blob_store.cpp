#include "platform/blob/s3_blob_store.hpp"

#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "platform/blob/detail/stale_files.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/error.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"

namespace platform::blob {

namespace fs = std::filesystem;

namespace {

// Blobs are "blobs/<sha256>", objects "objects/<key>", in a bucket of the store's own (one
// per product).
constexpr std::string_view kBlobs = "blobs/";
constexpr std::string_view kObjects = "objects/";
// Streamed uploads larger than a part, until they are complete and copied to their name.
constexpr std::string_view kUploads = "uploads/";
// Older leftovers of those (a crash between completing and copying, or before aborting) are
// removed when a store opens. An upload still under way elsewhere is younger than this.
constexpr std::chrono::hours kAbandonedAfter{24};
// What one server-side copy takes (S3's CopyObject); a bigger streamed upload is refused.
constexpr std::uint64_t kMaxCopyBytes = 5ULL << 30;

// S3 down, slow or failing (after the client's retries) is the platform's UNAVAILABLE (503 to
// an API client, a retry for a job); any other S3 error (403, 404 where none was expected)
// is a bug or a misconfiguration and stays an S3Error.
template <class F>
auto Guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const S3Error& e) {
    if (e.status() != 0 && e.status() < 500) throw;
    log::Warn("blob.s3_unavailable", {{"code", e.code()}, {"error", e.what()}});
    throw ErrorException(Error(errors::kUnavailable, "file storage is unavailable, try again",
                               {{"cause", e.code()}}));
  }
}

// Reads an object piece by piece with ranged GETs: nothing is downloaded whole.
class S3Reader final : public BlobReader {
 public:
  S3Reader(const S3Client& client, std::string key, std::uint64_t size)
      : client_(client), key_(std::move(key)), size_(size) {}
  std::uint64_t size() const override { return size_; }
  std::string Read(std::uint64_t offset, std::size_t max_bytes) override {
    if (offset >= size_) return {};
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes, size_ - offset));
    return Guarded([&] { return client_.GetRange(key_, offset, n); });
  }

 private:
  const S3Client& client_;
  const std::string key_;
  const std::uint64_t size_;
};

// A BlobWriter's bytes straight into the bucket: kept in memory up to one part, sent as one
// PUT when that is all; beyond, parts of a multipart upload under uploads/<id> as they fill,
// completed and copied to the name at Finish (S3 has no rename), then removed.
class S3StreamingUpload final : public StreamingUpload {
 public:
  explicit S3StreamingUpload(const S3Client& client)
      : client_(client), temp_key_(std::string(kUploads) + NewId()) {}

  void Append(std::string_view bytes) override {
    size_ += bytes.size();
    if (size_ > kMaxCopyBytes) {
      throw std::runtime_error("S3: streamed uploads above 5 GiB are not supported");
    }
    buffer_.append(bytes);
    while (buffer_.size() >= S3Client::kPartBytes) {
      // The part is the buffer itself, moved into its request; only the overflow is copied.
      std::string part = std::move(buffer_);
      buffer_ = part.substr(S3Client::kPartBytes);
      part.resize(S3Client::kPartBytes);
      Guarded([&] {
        if (!upload_) upload_.emplace(client_, temp_key_);
        upload_->AddPart(std::move(part));
      });
    }
  }

  BlobInfo Finish(const std::string& sha256) override {
    if (!IsSha256Hex(sha256)) throw std::invalid_argument("not a SHA-256: " + sha256);
    const std::string key = std::string(kBlobs) + sha256;
    Guarded([&] {
      if (client_.Head(key)) {
        client_.Copy(key, key);        // young again, as Commit does
        if (upload_) upload_.reset();  // aborted: the blob is there already
      } else if (!upload_) {
        client_.PutString(key, buffer_, sha256);
      } else {
        CompleteInto(key);
      }
    });
    return {sha256, size_};
  }

  ObjectInfo FinishAsObject(std::string_view key) override {
    if (!IsObjectKey(key)) throw std::invalid_argument("not an object key: " + std::string(key));
    const std::string name = std::string(kObjects) + std::string(key);
    Guarded([&] {
      if (!upload_) {
        client_.PutString(name, buffer_);
      } else {
        CompleteInto(name);
      }
    });
    return {std::string(key), size_};
  }

 private:
  void CompleteInto(const std::string& key) {
    if (!buffer_.empty()) upload_->AddPart(std::move(buffer_));
    upload_->Complete();
    client_.Copy(temp_key_, key);
    client_.DeleteListed(temp_key_);
  }

  const S3Client& client_;
  const std::string temp_key_;
  std::string buffer_;  // less than a part
  std::uint64_t size_ = 0;
  std::optional<S3Client::MultipartUpload> upload_;  // once more than a part came
};

class S3BlobStore final : public BlobStore {
 public:
  // `reachable`: S3 answered at open, so leftovers of earlier processes are swept now.
  S3BlobStore(S3Client client, fs::path scratch, bool reachable)
      : client_(std::move(client)), scratch_(std::move(scratch)) {
    fs::create_directories(scratch_);
    const std::size_t removed = detail::RemoveStaleFiles(scratch_);
    if (removed > 0) log::Info("blob.stale_temps_removed", {{"count", removed}});
    if (reachable) RemoveAbandonedUploads();
  }

  fs::path NewTempFile() override { return scratch_ / (NewId() + ".part"); }
  std::size_t RemoveStaleTemps(std::chrono::seconds age) override {
    return detail::RemoveStaleFiles(scratch_, age);
  }

  std::unique_ptr<StreamingUpload> StartStreamingUpload() override {
    return std::make_unique<S3StreamingUpload>(client_);
  }

  BlobInfo Commit(const fs::path& temp_file, const std::string& sha256) override {
    if (!IsSha256Hex(sha256)) throw std::invalid_argument("not a SHA-256: " + sha256);
    const std::string key = std::string(kBlobs) + sha256;
    const std::uint64_t size = fs::file_size(temp_file);
    Guarded([&] {
      if (client_.Head(key)) {
        // Young again, as the file store does: a collection that listed it as old leaves it.
        client_.Copy(key, key);
      } else {
        client_.PutFile(key, temp_file, sha256);
      }
    });
    std::error_code ignored;
    fs::remove(temp_file, ignored);
    return {sha256, size};
  }

  std::optional<BlobInfo> Find(const std::string& sha256) const override {
    if (!IsSha256Hex(sha256)) return std::nullopt;
    const auto object = Guarded([&] { return client_.Head(std::string(kBlobs) + sha256); });
    if (!object) return std::nullopt;
    return BlobInfo{sha256, object->size};
  }

  std::optional<fs::path> LocalPath(const std::string&) const override { return std::nullopt; }

  bool Remove(const std::string& sha256) override {
    if (!IsSha256Hex(sha256)) return false;
    return Guarded([&] { return client_.Delete(std::string(kBlobs) + sha256); });
  }

  bool RemoveIfOlderThan(const std::string& sha256, std::chrono::seconds age) override {
    if (!IsSha256Hex(sha256)) return false;
    const std::string key = std::string(kBlobs) + sha256;
    return Guarded([&] {
      const auto object = client_.Head(key);
      if (!object || object->last_modified_ms > NowMillis() - age.count() * 1000) return false;
      return client_.Delete(key);
    });
  }

  std::vector<BlobInfo> ListOlderThan(std::chrono::seconds age) const override {
    std::vector<BlobInfo> out;
    const std::int64_t cutoff = NowMillis() - age.count() * 1000;
    for (const auto& object : Guarded([&] { return client_.List(kBlobs); })) {
      const std::string name = object.key.substr(kBlobs.size());
      if (IsSha256Hex(name) && object.last_modified_ms <= cutoff) {
        out.push_back({name, object.size});
      }
    }
    return out;
  }

  std::unique_ptr<BlobReader> OpenBlob(const std::string& sha256) const override {
    if (!IsSha256Hex(sha256)) return nullptr;
    return Open(std::string(kBlobs) + sha256);
  }

  ObjectInfo PutObject(std::string_view key, const fs::path& finished) override {
    if (!IsObjectKey(key)) throw std::invalid_argument("not an object key: " + std::string(key));
    const std::uint64_t size = fs::file_size(finished);
    Guarded([&] { client_.PutFile(std::string(kObjects) + std::string(key), finished); });
    std::error_code ignored;
    fs::remove(finished, ignored);
    return {std::string(key), size};
  }

  std::unique_ptr<BlobReader> OpenObject(std::string_view key) const override {
    if (!IsObjectKey(key)) return nullptr;
    return Open(std::string(kObjects) + std::string(key));
  }

  // "videos/42" lists "videos/42/…" (not "videos/420"), as directories would.
  std::vector<ObjectInfo> ListObjects(std::string_view prefix) const override {
    std::vector<ObjectInfo> out;
    if (!IsObjectKey(prefix)) return out;
    const auto listed =
        Guarded([&] { return client_.List(std::string(kObjects) + std::string(prefix) + "/"); });
    for (const auto& object : listed) {
      out.push_back({object.key.substr(kObjects.size()), object.size});
    }
    return out;
  }

  std::optional<std::string> DirectBlobUrl(const std::string& sha256, std::string_view content_type,
                                           int seconds) const override {
    if (!client_.location().redirect_media || !IsSha256Hex(sha256)) return std::nullopt;
    return client_.PresignedGetUrl(std::string(kBlobs) + sha256, seconds, content_type);
  }

  std::optional<std::string> DirectObjectUrl(std::string_view key, std::string_view content_type,
                                             int seconds) const override {
    if (!client_.location().redirect_media || !IsObjectKey(key)) return std::nullopt;
    return client_.PresignedGetUrl(std::string(kObjects) + std::string(key), seconds, content_type);
  }

  std::size_t RemoveObjects(std::string_view prefix) override {
    if (!IsObjectKey(prefix)) return 0;
    return Guarded([&]() -> std::size_t {
      if (client_.Delete(std::string(kObjects) + std::string(prefix))) return 1;
      std::size_t removed = 0;
      for (const auto& object : ListObjects(prefix)) {
        client_.DeleteListed(std::string(kObjects) + object.key);
        ++removed;
      }
      return removed;
    });
  }

 private:
  // Streamed uploads that a crash (of this instance or another) left behind, older than
  // kAbandonedAfter: multipart uploads never completed, and completed ones never copied.
  // Best effort: a failure is logged and the next start tries again.
  void RemoveAbandonedUploads() {
    try {
      const std::int64_t cutoff =
          NowMillis() -
          std::chrono::duration_cast<std::chrono::milliseconds>(kAbandonedAfter).count();
      std::size_t aborted = 0, removed = 0;
      for (const auto& upload : client_.ListUploads(kUploads)) {
        if (upload.initiated_ms > cutoff) continue;
        client_.AbortUpload(upload.key, upload.upload_id);
        ++aborted;
      }
      for (const auto& object : client_.List(kUploads)) {
        if (object.last_modified_ms > cutoff) continue;
        client_.DeleteListed(object.key);
        ++removed;
      }
      if (aborted + removed > 0) {
        log::Info("blob.abandoned_uploads_removed", {{"aborted", aborted}, {"removed", removed}});
      }
    } catch (const std::exception& e) {
      log::Warn("blob.abandoned_uploads_not_removed", {{"error", e.what()}});
    }
  }

  std::unique_ptr<BlobReader> Open(const std::string& key) const {
    const auto object = Guarded([&] { return client_.Head(key); });
    if (!object) return nullptr;
    return std::make_unique<S3Reader>(client_, key, object->size);
  }

  const S3Client client_;
  const fs::path scratch_;  // uploads being written, before they go up
};

}  // namespace

std::unique_ptr<BlobStore> OpenS3BlobStore(std::string_view url) {
  const char* key_id = std::getenv("AWS_ACCESS_KEY_ID");
  const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
  if (key_id == nullptr || secret == nullptr || *key_id == '\0' || *secret == '\0') {
    throw std::invalid_argument("s3:// storage needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
  }
  S3Client client(ParseS3Url(url), {key_id, secret});
  // Wrong keys or a missing bucket are said now, not at the first upload. S3 out of reach (no
  // answer at all) is an outage, not a mistake: the server starts anyway and serves what needs
  // no storage, and what does is UNAVAILABLE until S3 is back (a restart during an outage
  // must not take the whole service down).
  bool reachable = true;
  try {
    client.CheckBucket();
  } catch (const S3Error& e) {
    if (e.status() != 0) throw;
    reachable = false;
    log::Warn("blob.s3_unreachable_at_open", {{"code", e.code()}, {"error", e.what()}});
  }
  // Shared by the processes of this machine (names are unique), so what a crashed one left
  // is swept by the next to open.
  const fs::path scratch = fs::temp_directory_path() / "blob-scratch";
  return std::make_unique<S3BlobStore>(std::move(client), scratch, reachable);
}

}  // namespace platform::blob
