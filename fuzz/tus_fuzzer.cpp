// Resumable uploads (tus 1.0) as a client's bytes meet them: the real ResumableUploads routes
// on an HttpServer, over a migrated SQLite database and a file blob store. Before each input
// the harness resets one known upload (kUploadId, 64 bytes long, none received, owned by
// "fuzzer"), so seeds can HEAD, PATCH (offsets, lengths, chunked and streamed bodies, bytes past
// the end), DELETE it or POST new ones with any Upload-Length and Upload-Metadata; X-Owner
// speaks for another caller. Each input is raw HTTP on one connection.
//
// Besides crashes, sanitizer reports and hangs, a finding is an upload whose bookkeeping
// disagrees with its bytes once the connection is done: received beyond the length, or a
// file longer or shorter than what the row says was received.

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "fuzz/loopback_server.hpp"
#include "platform/app/database.hpp"
#include "platform/blob/blob_store.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/uploads/resumable.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kUploadId = "0f0f0f0f-0000-4000-8000-000000000001";
constexpr std::int64_t kUploadLength = 64;

struct Harness {
  Harness() : dir(fs::temp_directory_path() / ("tus-fuzz-" + std::to_string(getpid()))) {
    fs::create_directories(dir);
    db =
        platform::store::Database::Open("sqlite://" + (dir / "fuzz.db").string(), {.pool_size = 2});
    platform::app::ApplyMigrations(*db, {});
    blobs = platform::blob::OpenBlobStore("file://" + (dir / "blobs").string());
    uploads = std::make_unique<platform::uploads::ResumableUploads>(
        *db, *blobs, pool,
        platform::uploads::ResumableOptions{
            .base_path = "/uploads",
            .dir = dir / "uploads",
            .max_bytes = 1 << 20,
            .max_unfinished_per_owner = 4,
            .owner_of =
                [](const platform::net::Request& r) {
                  const auto owner = r.Header("X-Owner");
                  return owner.empty() ? std::string("fuzzer") : std::string(owner);
                },
            .too_large =
                [](std::int64_t max_bytes) {
                  return platform::Error(platform::errors::kPayloadTooLarge, "too large",
                                         {{"maxBytes", max_bytes}});
                }});
    uploads->AddRoutes(loopback.router);
    loopback.Start(fuzzing::QuickServerOptions());
  }
  ~Harness() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }

  fs::path UploadPath() const { return dir / "uploads" / "known.upload"; }

  // Only the known upload, empty, as if just created.
  void Reset() {
    db->TransactBlocking([&](platform::store::Connection& c) {
      c.Execute("DELETE FROM resumable_uploads");
      c.Execute(
          "INSERT INTO resumable_uploads (id, owner, length, received, path, metadata, "
          "created_at, expires_at) VALUES ($1, 'fuzzer', $2, 0, $3, '', 0, $4)",
          {std::string(kUploadId), kUploadLength, UploadPath().string(),
           std::int64_t{4'102'444'800'000}});
    });
    for (const auto& entry : fs::directory_iterator(dir / "uploads")) fs::remove(entry.path());
    std::ofstream(UploadPath()).flush();
  }

  // The first upload whose row disagrees with its file, or "" when all agree.
  std::string Disagreement() {
    const auto rows = db->TransactBlocking([](platform::store::Connection& c) {
      return c.Query("SELECT id, length, received, path FROM resumable_uploads");
    });
    for (const auto& row : rows) {
      const std::int64_t length = row.Int(1), received = row.Int(2);
      std::error_code missing;
      const auto bytes = fs::file_size(row.Text(3), missing);
      if (received < 0 || received > length || missing ||
          static_cast<std::int64_t>(bytes) != received) {
        return "upload " + row.Text(0) + ": length " + std::to_string(length) + ", received " +
               std::to_string(received) + ", file " +
               std::to_string(missing ? -1 : static_cast<std::int64_t>(bytes));
      }
    }
    return {};
  }

  // Every upload's row against its file, once the server is quiet. A request may outlive its
  // connection (the server closed it at a deadline while the handler was on the worker pool),
  // and while a PATCH runs its bytes are on disk a moment before the row records them: a
  // difference that lasts is the finding, one that settles is not.
  void Check() {
    std::string disagreement = Disagreement();
    for (int wait = 0; !disagreement.empty() && wait < 100; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      disagreement = Disagreement();
    }
    if (disagreement.empty()) return;
    std::cerr << disagreement << "\n";
    std::abort();
  }

  fs::path dir;
  platform::WorkerPool pool{1};
  std::unique_ptr<platform::store::Database> db;
  std::unique_ptr<platform::blob::BlobStore> blobs;
  std::unique_ptr<platform::uploads::ResumableUploads> uploads;
  fuzzing::LoopbackServer loopback;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  harness.Reset();
  {
    fuzzing::Connection connection(harness.loopback.port);
    if (!connection.ok()) return 0;
    connection.Send(std::string_view(reinterpret_cast<const char*>(data), size));
    connection.FinishAndDrain();
  }
  harness.Check();
  return 0;
}
