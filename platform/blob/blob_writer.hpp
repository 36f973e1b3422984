#pragma once

// Streams bytes into a new blob: Append() pieces as they arrive (hashed on the way, so the
// name is known when the last byte is written), then Commit(). A writer destroyed without a
// Commit deletes its temp file (or abandons its streamed upload), so an upload that fails
// half-way leaves nothing behind.
//
// Every call blocks on the file system or the network: run them on a worker pool, never on
// an event loop.
// Not thread-safe; one writer per upload.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include "platform/blob/blob_store.hpp"
#include "platform/core/ids.hpp"

namespace platform::blob {

class BlobWriter {
 public:
  // Callers gather bytes into pieces this large before Append, which blocks: one worker hop
  // per MiB.
  static constexpr std::size_t kAppendBytes = 1 << 20;
  // Where the bytes wait for Commit.
  enum class Staging {
    kLocalFile,  // a temp file of the store's, readable before Commit (temp_path)
    kStreamed,   // into the store as they arrive, where it can (S3); else a temp file
  };
  // Opens a temp file unless streamed; throws std::system_error.
  explicit BlobWriter(BlobStore& store, Staging staging = Staging::kLocalFile);
  // Takes over `written`, a file on the store's file system with bytes already in it (a
  // resumable upload received over many requests): appended to, committed or deleted like a
  // file this writer wrote. Its hash is computed at Commit, by reading it once.
  BlobWriter(BlobStore& store, std::filesystem::path written);
  ~BlobWriter();
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;

  void Append(std::string_view bytes);  // throws std::system_error (disk full…)
  std::uint64_t size() const { return size_; }
  // The temp file, complete once the last piece is appended (to inspect it before committing).
  // Throws std::logic_error when the bytes are streamed into the store instead.
  const std::filesystem::path& temp_path() const;
  // Stores the bytes under their SHA-256 (fsync, rename). Call once.
  BlobInfo Commit();
  // Or stores them as the object `key` (BlobStore::PutObject). Call once, instead of Commit.
  ObjectInfo CommitAsObject(std::string_view key);

 private:
  BlobStore& store_;
  std::unique_ptr<StreamingUpload> streaming_;  // set when streamed: no temp file then
  std::filesystem::path temp_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  Sha256Stream hash_;
  bool hash_from_file_ = false;  // adopted: hash_ saw none of the first bytes
  bool committed_ = false;
};

// Stores a file that a program wrote in full (a thumbnail, a page image) under its hash. The
// file must be on the store's file system (a NewTempFile() path, any extension); it is moved
// or, when the blob exists already, deleted.
BlobInfo CommitFile(BlobStore& store, const std::filesystem::path& finished);

// Copies what `reader` reads into the file `to` (created or truncated), 4 MiB at a time: a
// local file for a program that wants one (FFmpeg, libvips) when the store keeps none.
// Throws std::runtime_error when the file cannot be written in full (disk full).
void CopyToFile(BlobReader& reader, const std::filesystem::path& to);

}  // namespace platform::blob
