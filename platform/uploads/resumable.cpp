#include "platform/uploads/resumable.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <system_error>

#include "platform/blob/blob_writer.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"
#include "platform/media/file_type.hpp"

namespace platform::uploads {

using boost::asio::awaitable;
using store::Connection;

namespace {

inline constexpr ErrorKind kTusVersion{"TUS_VERSION", 412};
inline constexpr ErrorKind kOffsetMismatch{"UPLOAD_OFFSET_MISMATCH", 409};
inline constexpr ErrorKind kIncomplete{"UPLOAD_INCOMPLETE", 409};
inline constexpr ErrorKind kTooManyUploads{"UPLOAD_LIMIT", 409};
inline constexpr ErrorKind kBusy{"UPLOAD_BUSY", 423};

constexpr std::string_view kVersion = "1.0.0";
constexpr std::size_t kMaxMetadataBytes = 4096;

// RFC 9110's date, as Upload-Expires wants it.
std::string HttpDate(std::int64_t epoch_millis) {
  const std::time_t t = static_cast<std::time_t>(epoch_millis / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[64];
  std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return out;
}

std::optional<std::int64_t> NonNegative(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

net::Response WithTus(net::Response response) {
  response.AddHeader("Tus-Resumable", std::string(kVersion));
  return response;
}

net::Response Refuse(const Error& error) {
  return WithTus(net::Response::FromError(error));
}

// Every request but OPTIONS names the protocol version it speaks.
std::optional<net::Response> CheckVersion(const net::Request& r) {
  if (r.Header("Tus-Resumable") == kVersion) return std::nullopt;
  auto response = Refuse(Error(kTusVersion, "send Tus-Resumable: 1.0.0 (the only version spoken)"));
  response.AddHeader("Tus-Version", std::string(kVersion));
  return response;
}

void WriteAll(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "write " + path.string());
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

struct ResumableUploads::Upload {
  std::string id, owner;
  std::int64_t length = 0, received = 0, expires_at = 0;
  std::filesystem::path path;
  std::string metadata;
};

ResumableUploads::ResumableUploads(store::Database& db, blob::BlobStore& blobs, WorkerPool& pool,
                                   ResumableOptions options)
    : db_(db), blobs_(blobs), pool_(pool), options_(std::move(options)) {
  std::filesystem::create_directories(options_.dir);
}

void ResumableUploads::AddRoutes(net::Router& router) {
  router.Add({.method = net::Method::kPost,
              .pattern = options_.base_path,
              .handler = [this](net::Request& r) { return Create(r); },
              .summary = "tus 1.0: create an upload (Upload-Length, Upload-Metadata)",
              .access = options_.access,
              .rate_limit_per_caller = options_.creations_per_caller});
  router.Add({.method = net::Method::kHead,
              .pattern = options_.base_path + "/{uploadId}",
              .handler = [this](net::Request& r) { return Head(r); },
              .summary = "tus 1.0: where an upload stands (Upload-Offset, Upload-Length)",
              .access = options_.access});
  router.Add({.method = net::Method::kPatch,
              .pattern = options_.base_path + "/{uploadId}",
              .handler = [this](net::Request& r) { return Patch(r); },
              .summary = "tus 1.0: append bytes at Upload-Offset "
                         "(application/offset+octet-stream)",
              .max_body_bytes = static_cast<std::size_t>(options_.max_bytes),
              .stream_body = true,
              .access = options_.access});
  router.Add({.method = net::Method::kDelete,
              .pattern = options_.base_path + "/{uploadId}",
              .handler = [this](net::Request& r) { return Terminate(r); },
              .summary = "tus 1.0: abandon an upload and its bytes",
              .access = options_.access});
}

awaitable<net::Response> ResumableUploads::Create(net::Request& r) {
  if (auto refused = CheckVersion(r)) co_return std::move(*refused);
  if (!r.Header("Upload-Defer-Length").empty()) {
    co_return Refuse(Error(errors::kBadRequest, "the length must be known: send Upload-Length"));
  }
  const auto length = NonNegative(r.Header("Upload-Length"));
  if (!length) {
    co_return Refuse(Error(errors::kBadRequest, "Upload-Length must be a number of bytes",
                           {{"header", "Upload-Length"}}));
  }
  if (*length > options_.max_bytes) co_return Refuse(options_.too_large(options_.max_bytes));
  const std::string metadata(r.Header("Upload-Metadata"));
  if (metadata.size() > kMaxMetadataBytes) {
    co_return Refuse(Error(errors::kBadRequest, "Upload-Metadata is too long",
                           {{"maxBytes", static_cast<std::int64_t>(kMaxMetadataBytes)}}));
  }
  Upload u{.id = NewId(),
           .owner = options_.owner_of(r),
           .length = *length,
           .expires_at = NowMillis() + options_.expire_after.count() * 1000,
           .path = options_.dir / (NewId() + ".upload"),
           .metadata = metadata};
  co_await pool_.Call([&] {
    const int fd = ::open(u.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + u.path.string());
    ::close(fd);
  });
  auto created = co_await db_.TransactOrError([&](Connection& c) {
    const auto open = c.Query(
                           "SELECT COUNT(*) FROM resumable_uploads WHERE owner = $1 AND "
                           "expires_at > $2",
                           {u.owner, NowMillis()})[0]
                          .Int(0);
    if (open >= static_cast<std::int64_t>(options_.max_unfinished_per_owner)) {
      throw ErrorException(
          Error(kTooManyUploads, "too many unfinished uploads: finish or delete one first",
                {{"max", static_cast<std::int64_t>(options_.max_unfinished_per_owner)}}));
    }
    c.Execute(
        "INSERT INTO resumable_uploads (id, owner, length, received, path, metadata, created_at, "
        "expires_at) VALUES ($1, $2, $3, 0, $4, $5, $6, $7)",
        {u.id, u.owner, u.length, u.path.string(), u.metadata, NowMillis(), u.expires_at});
    return true;
  });
  if (!created) {
    co_await pool_.Call([&] {
      std::error_code ignored;
      std::filesystem::remove(u.path, ignored);
    });
    co_return Refuse(created.error());
  }
  auto response = WithTus(net::Response::Text(201, "text/plain", ""));
  response.AddHeader("Location", options_.base_path + "/" + u.id);
  response.AddHeader("Upload-Expires", HttpDate(u.expires_at));
  response.AddHeader("Upload-Offset", "0");
  co_return response;
}

awaitable<Result<ResumableUploads::Upload>> ResumableUploads::Find(const net::Request& r) {
  const std::string id(r.PathParam("uploadId"));
  const std::string owner = options_.owner_of(r);
  const Error missing(errors::kNotFound, "no such upload");
  if (!IsUuid(id)) co_return missing;
  auto found = co_await db_.Read([&](Connection& c) -> std::optional<Upload> {
    const auto rows = c.Query(
        "SELECT owner, length, received, path, metadata, expires_at FROM resumable_uploads "
        "WHERE id = $1",
        {id});
    if (rows.empty()) return std::nullopt;
    return Upload{.id = id,
                  .owner = rows[0].Text(0),
                  .length = rows[0].Int(1),
                  .received = rows[0].Int(2),
                  .expires_at = rows[0].Int(5),
                  .path = rows[0].Text(3),
                  .metadata = rows[0].Text(4)};
  });
  // Someone else's upload is as good as none; an expired one is gone.
  if (!found || found->owner != owner || found->expires_at <= NowMillis()) co_return missing;
  co_return std::move(*found);
}

awaitable<net::Response> ResumableUploads::Head(net::Request& r) {
  if (auto refused = CheckVersion(r)) co_return std::move(*refused);
  auto upload = co_await Find(r);
  if (!upload) co_return Refuse(upload.error());
  auto response = WithTus(net::Response::Text(200, "text/plain", ""));
  response.AddHeader("Upload-Offset", std::to_string(upload->received));
  response.AddHeader("Upload-Length", std::to_string(upload->length));
  response.AddHeader("Upload-Expires", HttpDate(upload->expires_at));
  response.AddHeader("Cache-Control", "no-store");
  co_return response;
}

bool ResumableUploads::Lock(const std::string& id) {
  std::lock_guard lock(mutex_);
  return busy_.insert(id).second;
}

void ResumableUploads::Unlock(const std::string& id) {
  std::lock_guard lock(mutex_);
  busy_.erase(id);
}

awaitable<net::Response> ResumableUploads::Patch(net::Request& r) {
  if (auto refused = CheckVersion(r)) co_return std::move(*refused);
  if (r.Header("Content-Type") != "application/offset+octet-stream") {
    co_return Refuse(Error(errors::kUnsupportedMediaType,
                           "send the bytes as Content-Type: application/offset+octet-stream"));
  }
  const auto offset = NonNegative(r.Header("Upload-Offset"));
  if (!offset) {
    co_return Refuse(Error(errors::kBadRequest, "Upload-Offset must be a number of bytes",
                           {{"header", "Upload-Offset"}}));
  }
  auto upload = co_await Find(r);
  if (!upload) co_return Refuse(upload.error());
  if (*offset != upload->received) {
    co_return Refuse(Error(kOffsetMismatch,
                           "this upload stands at " + std::to_string(upload->received) +
                               " bytes, not " + std::to_string(*offset),
                           {{"uploadOffset", upload->received}}));
  }
  const auto too_long_error = [&] {
    return Error(errors::kPayloadTooLarge,
                 "more bytes than the upload's length (" + std::to_string(upload->length) + ")",
                 {{"uploadLength", upload->length}});
  };
  // A declared body that cannot fit is refused before a byte of it is read.
  if (const auto declared = NonNegative(r.Header("Content-Length"));
      declared && *declared > upload->length - upload->received) {
    co_return Refuse(too_long_error());
  }
  if (!Lock(upload->id)) {
    co_return Refuse(Error(kBusy, "another request is writing to this upload"));
  }
  struct Unlocker {
    ResumableUploads* self;
    std::string id;
    ~Unlocker() { self->Unlock(id); }
  } const unlocker{this, upload->id};

  // Cut back to what is known good (a crash may have left more), then append.
  const int fd = co_await pool_.Call([&] {
    const int opened = ::open(upload->path.c_str(), O_WRONLY | O_CLOEXEC);
    if (opened < 0) {
      throw std::system_error(errno, std::generic_category(), "open " + upload->path.string());
    }
    if (::ftruncate(opened, upload->received) != 0 ||
        ::lseek(opened, upload->received, SEEK_SET) < 0) {
      const int error = errno;
      ::close(opened);
      throw std::system_error(error, std::generic_category(), "seek " + upload->path.string());
    }
    return opened;
  });
  std::int64_t written = upload->received;
  std::string pending;
  std::optional<Error> failure;
  bool too_long = false;  // the whole request is refused: none of its bytes count
  const auto flush = [&]() -> awaitable<void> {
    if (pending.empty()) co_return;
    co_await pool_.Call([&] { WriteAll(fd, pending, upload->path); });
    written += static_cast<std::int64_t>(pending.size());
    pending.clear();
  };
  try {
    while (auto piece = co_await r.body_stream->Next()) {
      if (written + static_cast<std::int64_t>(pending.size() + piece->size()) > upload->length) {
        failure = too_long_error();
        too_long = true;
        break;
      }
      pending.append(*piece);
      if (pending.size() >= blob::BlobWriter::kAppendBytes) co_await flush();
    }
    if (!failure) co_await flush();
  } catch (const ErrorException& e) {
    // The connection broke mid-body: what arrived is kept, and the client resumes from it.
    failure = e.error();
  }
  if (too_long) written = upload->received;
  if (failure && !too_long) {
    try {
      co_await flush();
    } catch (const std::exception&) {
    }
  }
  co_await pool_.Call([&] {
    // Only bytes on disk count: flushed before the offset that promises them is recorded.
    if (written != upload->received) ::fdatasync(fd);
    if (::ftruncate(fd, written) != 0) {
      log::Warn("upload.truncate_failed", {{"upload", upload->id}});
    }
    ::close(fd);
  });
  if (written != upload->received) {
    co_await db_.Transact([&](Connection& c) {
      c.Execute("UPDATE resumable_uploads SET received = $2 WHERE id = $1", {upload->id, written});
    });
  }
  if (failure) co_return Refuse(*failure);
  auto response = net::Response::NoContent();
  response.AddHeader("Tus-Resumable", std::string(kVersion));
  response.AddHeader("Upload-Offset", std::to_string(written));
  response.AddHeader("Upload-Expires", HttpDate(upload->expires_at));
  co_return response;
}

awaitable<net::Response> ResumableUploads::Terminate(net::Request& r) {
  if (auto refused = CheckVersion(r)) co_return std::move(*refused);
  auto upload = co_await Find(r);
  if (!upload) co_return Refuse(upload.error());
  if (!Lock(upload->id)) co_return Refuse(Error(kBusy, "a request is writing to this upload"));
  struct Unlocker {
    ResumableUploads* self;
    std::string id;
    ~Unlocker() { self->Unlock(id); }
  } const unlocker{this, upload->id};
  co_await db_.Transact([&](Connection& c) {
    c.Execute("DELETE FROM resumable_uploads WHERE id = $1", {upload->id});
  });
  co_await pool_.Call([&] {
    std::error_code ignored;
    std::filesystem::remove(upload->path, ignored);
  });
  auto response = net::Response::NoContent();
  response.AddHeader("Tus-Resumable", std::string(kVersion));
  co_return response;
}

awaitable<Result<TakenUpload>> ResumableUploads::Take(const std::string& owner,
                                                      const std::string& id) {
  const Error missing(errors::kNotFound, "no such upload", {{"field", "uploadId"}});
  if (!IsUuid(id)) co_return missing;
  if (!Lock(id)) co_return Error(kBusy, "a request is still writing to this upload");
  struct Unlocker {
    ResumableUploads* self;
    std::string id;
    ~Unlocker() { self->Unlock(id); }
  } const unlocker{this, id};
  // The row goes in the same transaction that finds it finished: taken once, by one caller.
  auto taken = co_await db_.TransactOrError([&](Connection& c) {
    const auto rows = c.Query(
        "SELECT owner, length, received, path, metadata, expires_at FROM resumable_uploads "
        "WHERE id = $1",
        {id});
    if (rows.empty() || rows[0].Text(0) != owner || rows[0].Int(5) <= NowMillis()) {
      throw ErrorException(missing);
    }
    if (rows[0].Int(2) != rows[0].Int(1)) {
      throw ErrorException(
          Error(kIncomplete,
                "this upload has " + std::to_string(rows[0].Int(2)) + " of " +
                    std::to_string(rows[0].Int(1)) + " bytes",
                {{"uploadOffset", rows[0].Int(2)}, {"uploadLength", rows[0].Int(1)}}));
    }
    c.Execute("DELETE FROM resumable_uploads WHERE id = $1", {id});
    return std::make_pair(std::filesystem::path(rows[0].Text(3)), rows[0].Text(4));
  });
  if (!taken) co_return taken.error();
  co_return co_await pool_.Call([&]() -> TakenUpload {
    // Into the store's temp area (a rename on one file system; a copy across two).
    const std::filesystem::path temp = blobs_.NewTempFile();
    std::error_code moved;
    std::filesystem::rename(taken->first, temp, moved);
    if (moved) {
      std::filesystem::copy_file(taken->first, temp);
      std::filesystem::remove(taken->first);
    }
    auto writer = std::make_shared<blob::BlobWriter>(blobs_, temp);
    std::string head(media::kSniffBytes, '\0');
    {
      const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
      const ssize_t n = fd >= 0 ? ::pread(fd, head.data(), head.size(), 0) : -1;
      if (fd >= 0) ::close(fd);
      head.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    }
    const std::string mime = media::SniffMimeTypeOfBytes(head);
    return TakenUpload{.file = ReceivedFile(std::move(writer), mime, "", pool_),
                       .metadata = taken->second};
  });
}

std::size_t ResumableUploads::RemoveExpired() {
  const auto expired = db_.TransactBlocking([&](Connection& c) {
    const auto rows =
        c.Query("SELECT id, path FROM resumable_uploads WHERE expires_at <= $1", {NowMillis()});
    std::vector<std::string> paths;
    for (const auto& row : rows) {
      c.Execute("DELETE FROM resumable_uploads WHERE id = $1", {row.Text(0)});
      paths.push_back(row.Text(1));
    }
    return paths;
  });
  for (const auto& path : expired) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  if (!expired.empty()) log::Info("uploads.expired_removed", {{"count", expired.size()}});
  return expired.size();
}

}  // namespace platform::uploads
