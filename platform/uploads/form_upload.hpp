#pragma once

// multipart/form-data requests with files, received as they stream in: each file part goes to
// a temp file of the blob store through the worker pool in 1 MiB writes, hashed on the way,
// and is judged by its first bytes (libmagic, never its name or declared type) before the rest
// is read; its size is checked against its limit as the bytes arrive. A refused, truncated or
// abandoned form leaves no temp file behind: a ReceivedFile deletes its file unless it is
// committed or taken.
//
// The route must stream its body (Route::stream_body) with max_body_bytes at least the sum of
// its files' limits. Runs on the event loop; blocking work goes to the pool.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "platform/blob/blob_store.hpp"
#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/http.hpp"

namespace platform::blob {
class BlobWriter;
}

namespace platform::uploads {

// What is known of a file part once its first bytes are in.
struct FileHead {
  std::string_view mime;      // what libmagic sees in the first 64 KiB
  std::string_view filename;  // as the client named it (never trusted for the type)
};

struct FilePolicy {
  bool required = false;
  // Judges the file by its head: its size limit in bytes when accepted (it may depend on the
  // type), or the Error that refuses the whole form (typically 415). Runs on the pool.
  std::function<Result<std::int64_t>(const FileHead& head)> judge;
  // The answer when the file passes its limit (typically 413).
  std::function<Error(const FileHead& head, std::int64_t max_bytes)> too_large;
  // The handler reads the file (temp_path) before committing it, so it waits on local disk.
  // When false it goes into the store as it arrives where the store can (S3): a large upload
  // never sits on the server's disk.
  bool read_before_commit = true;
};

struct FormPolicy {
  std::map<std::string, FilePolicy> files;  // by field name; other file parts are refused
  std::size_t max_field_bytes = 8 * 1024;   // each plain field
};

// A file received in full: in a temp file of the store until committed.
class ReceivedFile {
 public:
  ReceivedFile(std::shared_ptr<blob::BlobWriter> writer, std::string mime, std::string filename,
               WorkerPool& pool);
  ~ReceivedFile();  // deletes the temp file unless committed (on the pool: it touches the disk)
  ReceivedFile(ReceivedFile&&) noexcept = default;
  ReceivedFile& operator=(ReceivedFile&&) = delete;

  const std::string& mime() const { return mime_; }
  const std::string& filename() const { return filename_; }
  std::uint64_t size() const;
  const std::filesystem::path& temp_path() const;
  // Stores the bytes as a content-addressed blob, or as the object `key`. Call one of them,
  // once. Blocking: on the pool.
  blob::BlobInfo Commit();
  blob::ObjectInfo CommitAsObject(std::string_view key);

 private:
  std::shared_ptr<blob::BlobWriter> writer_;
  std::string mime_, filename_;
  WorkerPool* pool_;
};

struct Form {
  std::map<std::string, std::string> fields;
  std::map<std::string, ReceivedFile> files;

  const std::string* Field(std::string_view name) const;
  ReceivedFile* File(std::string_view name);
};

// Errors: 415/400 for a request that is not multipart or is malformed or truncated, the
// policies' own refusals, 400 VALIDATION_001 naming a missing required file, an unknown file
// field, an empty file or a field over max_field_bytes.
boost::asio::awaitable<Result<Form>> ReceiveForm(net::Request& request, const FormPolicy& policy,
                                                 blob::BlobStore& blobs, WorkerPool& pool);

}  // namespace platform::uploads
