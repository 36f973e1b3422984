#pragma once

// Content-addressed blob storage (DESIGN.md "Content"): a blob's name is the SHA-256 of its
// bytes, so equal uploads are stored once and a name never changes meaning (immutable URLs).
//
// Writing is two steps, so uploads stream to disk without being held in memory: write the
// bytes to NewTempFile() (hashing them as they go, Sha256Stream), then Commit() the file under
// its hash. A crash never leaves a torn blob: a blob appears by an atomic rename of a complete,
// fsynced file, or not at all; leftover temp files are swept at open.
//
// Beside blobs, named objects: keys a product lays out itself ("videos/<id>/hls/720p/0003.ts")
// for files that belong together and go together (an HLS ladder), listed and removed by prefix.
//
// Both are read through BlobReader, piece by piece from any offset (Range requests), so no
// caller assumes a local file: an S3-compatible backend implements the same interface.
//
// Every call blocks on the file system or the network: run them on a worker pool, never on an
// event loop. Backends: "file://DIR", and "s3://BUCKET?endpoint=URL&region=R"
// (s3_blob_store.hpp), which has no LocalPath.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace platform::blob {

struct BlobInfo {
  std::string sha256;
  std::uint64_t size = 0;
};

struct ObjectInfo {
  std::string key;
  std::uint64_t size = 0;
};

// One blob or object, open for reading. Not thread-safe; one reader per response.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  virtual std::uint64_t size() const = 0;
  // Up to `max_bytes` from `offset`: fewer only at the end, empty past it. Throws
  // std::system_error on I/O failure.
  virtual std::string Read(std::uint64_t offset, std::size_t max_bytes) = 0;
};

// Bytes going into a store as they arrive, for a store that keeps them elsewhere (S3: one
// PUT when small, else a multipart upload under a temporary key, copied to its name at the
// end). Nothing of them is on local disk and at most a part is in memory. Destroyed before
// Finish, what was sent is discarded.
class StreamingUpload {
 public:
  virtual ~StreamingUpload() = default;
  virtual void Append(std::string_view bytes) = 0;
  // Stores the bytes under their SHA-256 (what BlobStore::Commit does for a temp file).
  virtual BlobInfo Finish(const std::string& sha256) = 0;
  // Or as the object `key` (what BlobStore::PutObject does).
  virtual ObjectInfo FinishAsObject(std::string_view key) = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // A StreamingUpload, or null when the store's temp files already are where its blobs go
  // (files: a NewTempFile() is committed by a rename).
  virtual std::unique_ptr<StreamingUpload> StartStreamingUpload() { return nullptr; }

  // A fresh path on the store's own file system (so Commit can rename it), not yet a blob.
  virtual std::filesystem::path NewTempFile() = 0;
  // Moves `temp_file`, whose content hashes to `sha256`, into the store. When that blob
  // exists already, the temp file is deleted instead (deduplication) and the blob counts as
  // just written (see RemoveIfOlderThan). Throws
  // std::invalid_argument for a malformed hash and std::runtime_error on I/O failure.
  virtual BlobInfo Commit(const std::filesystem::path& temp_file, const std::string& sha256) = 0;
  virtual std::optional<BlobInfo> Find(const std::string& sha256) const = 0;
  // A path to read the blob from (filesystem backend); nullopt when it does not exist.
  virtual std::optional<std::filesystem::path> LocalPath(const std::string& sha256) const = 0;
  // False when there was nothing to remove.
  virtual bool Remove(const std::string& sha256) = 0;
  // Removes the blob only if it was last written (or committed again) more than `age` ago:
  // what garbage collection calls, so a blob an upload is just reusing survives.
  virtual bool RemoveIfOlderThan(const std::string& sha256, std::chrono::seconds age) = 0;
  // Blobs last written more than `age` ago: candidates for garbage collection (younger ones
  // may belong to an upload whose row is not committed yet).
  virtual std::vector<BlobInfo> ListOlderThan(std::chrono::seconds age) const = 0;
  // The blob, or null when it does not exist.
  virtual std::unique_ptr<BlobReader> OpenBlob(const std::string& sha256) const = 0;
  // Removes temp files (and scratch folders) last written more than `age` ago: what uploads
  // and conversions a crash cut left behind. Opening a store does it too, but a server that
  // runs for months after a crash must not keep them that long. How many went.
  virtual std::size_t RemoveStaleTemps(std::chrono::seconds age) = 0;

  // Stores a file written in full (a NewTempFile() path) under `key`, replacing what was
  // there; the file is moved. Throws std::invalid_argument for a bad key (IsObjectKey).
  virtual ObjectInfo PutObject(std::string_view key, const std::filesystem::path& finished) = 0;
  // The object, or null when it does not exist (or the key is not a key).
  virtual std::unique_ptr<BlobReader> OpenObject(std::string_view key) const = 0;
  // Every object whose key is under `prefix` ("videos/42" lists "videos/42/…"), by key.
  virtual std::vector<ObjectInfo> ListObjects(std::string_view prefix) const = 0;
  // Removes the object `prefix` names, or every object under it; returns how many went.
  virtual std::size_t RemoveObjects(std::string_view prefix) = 0;

  // A link a client may GET the blob or object from directly for `seconds`, answered with
  // `content_type` (S3 with delivery=redirect); nullopt when the store has none and the
  // server must send the bytes itself.
  virtual std::optional<std::string> DirectBlobUrl(const std::string& /*sha256*/,
                                                   std::string_view /*content_type*/,
                                                   int /*seconds*/) const {
    return std::nullopt;
  }
  virtual std::optional<std::string> DirectObjectUrl(std::string_view /*key*/,
                                                     std::string_view /*content_type*/,
                                                     int /*seconds*/) const {
    return std::nullopt;
  }
};

// "file://DIR" (created when missing) or "s3://…" (s3_blob_store.hpp). Throws
// std::invalid_argument for other schemes.
std::unique_ptr<BlobStore> OpenBlobStore(std::string_view url);

// 64 lower-case hex digits.
bool IsSha256Hex(std::string_view text);
// 1 to 512 characters of [A-Za-z0-9._-] in '/'-separated segments, none empty, "." or "..".
bool IsObjectKey(std::string_view key);

}  // namespace platform::blob
