#pragma once

// Resumable uploads with the tus 1.0 protocol (https://tus.io/protocols/resumable-upload):
// core, creation, termination and expiration. A client creates an upload of a known length
// (POST base, Upload-Length), sends its bytes in as many PATCH requests as it needs, each
// starting where the server says it stands (HEAD → Upload-Offset), and resumes after a cut
// connection or a restart from the last byte the server kept. The product then takes the
// finished upload as a ReceivedFile, exactly as if it had come in one multipart form.
//
// Bytes go to a file per upload in `dir` (on the blob store's file system, so a finished one
// moves into it without a copy); the table resumable_uploads (platform migrations) holds its
// owner, length and how many bytes are known good. Bytes a PATCH delivered before its
// connection broke are kept. The total length is fixed at creation and enforced on every
// PATCH, so the size limit holds across chunks. Unfinished uploads expire (RemoveExpired).
//
// One instance serves an upload's PATCHes (the file is local): behind several instances, route
// /uploads/{id} by id. Runs on the event loop; disk and database work goes to the pool.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "platform/blob/blob_store.hpp"
#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "platform/uploads/form_upload.hpp"

namespace platform::uploads {

struct ResumableOptions {
  std::string base_path;  // "/api/v2/uploads": POST here, then base_path/{id}
  std::filesystem::path dir;
  std::int64_t max_bytes = 100LL << 20;  // Tus-Max-Size
  std::chrono::seconds expire_after{24 * 3600};
  std::size_t max_unfinished_per_owner = 10;
  std::string access;  // Route::access of every route
  // Uploads one caller may begin (Route::rate_limit_per_caller of the creation).
  std::optional<net::RateLimit> creations_per_caller;
  // Who is calling (the guard has admitted them per `access`).
  std::function<std::string(const net::Request&)> owner_of;
  // The product's answer to an upload longer than max_bytes (typically 413).
  std::function<Error(std::int64_t max_bytes)> too_large;
};

struct TakenUpload {
  ReceivedFile file;     // its type sniffed from its bytes
  std::string metadata;  // Upload-Metadata as sent
};

class ResumableUploads {
 public:
  ResumableUploads(store::Database& db, blob::BlobStore& blobs, WorkerPool& pool,
                   ResumableOptions options);

  void AddRoutes(net::Router& router);

  // The finished upload `id` of `owner`, handed over (it is no longer resumable). 404 when
  // there is no such upload of theirs, 409 UPLOAD_INCOMPLETE while bytes are missing.
  boost::asio::awaitable<Result<TakenUpload>> Take(const std::string& owner, const std::string& id);

  // Deletes uploads past their expiry, rows and files; how many. Blocking: a job's work.
  std::size_t RemoveExpired();

  const ResumableOptions& options() const { return options_; }

 private:
  struct Upload;
  boost::asio::awaitable<net::Response> Create(net::Request& r);
  boost::asio::awaitable<net::Response> Head(net::Request& r);
  boost::asio::awaitable<net::Response> Patch(net::Request& r);
  boost::asio::awaitable<net::Response> Terminate(net::Request& r);
  // The caller's live upload, or the error to answer with.
  boost::asio::awaitable<Result<Upload>> Find(const net::Request& r);
  bool Lock(const std::string& id);
  void Unlock(const std::string& id);

  store::Database& db_;
  blob::BlobStore& blobs_;
  WorkerPool& pool_;
  const ResumableOptions options_;
  std::mutex mutex_;
  std::set<std::string> busy_;  // uploads a PATCH is writing to now
};

}  // namespace platform::uploads
