#pragma once

// Serves a directory of built web assets: ETag/If-None-Match (304), single byte ranges
// (206/416), precompressed .br/.gz siblings when the client accepts them, immutable caching
// for fingerprinted files under assets/, and no way out of the root (".." segments, encoded
// slashes, NULs and symlinks leaving the root all answer 404). Files are read on the worker
// pool. Mount on a route whose pattern ends in "{*path}".

#include <filesystem>
#include <string>

#include "platform/core/worker_pool.hpp"
#include "platform/net/http.hpp"

namespace platform::net {

struct StaticFilesOptions {
  std::filesystem::path root;
  std::string index = "index.html";
  // Serve the index for unknown extension-less paths (client-side routing of a single-page app).
  bool spa_fallback = false;
  // Files larger than this are refused (413): these are web assets, not media.
  std::uintmax_t max_file_bytes = 64 << 20;
};

Handler StaticFiles(StaticFilesOptions options, WorkerPool& pool);

// The Content-Type for a file name, by extension ("application/octet-stream" if unknown).
std::string_view ContentTypeFor(std::string_view file_name);

}  // namespace platform::net
