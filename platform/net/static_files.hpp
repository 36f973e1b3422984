#pragma once

// Serves a directory of built web assets: ETag/If-None-Match (304), single byte ranges
// (206/416), precompressed .br/.gz siblings when the client accepts them, immutable caching
// for fingerprinted files under assets/, and no way out of the root (".." segments, encoded
// slashes, NULs and symlinks leaving the root all answer 404). Files are streamed from the
// worker pool (ServeFile). Mount on a route whose pattern ends in "{*path}".

#include <filesystem>
#include <functional>
#include <string>

#include "platform/core/worker_pool.hpp"
#include "platform/net/http.hpp"

namespace platform::net {

struct StaticFilesOptions {
  std::filesystem::path root;
  std::string index = "index.html";
  // Serve the index for unknown extension-less paths (client-side routing of a single-page app).
  bool spa_fallback = false;
  // Chooses the index page per request instead of `index` (a page for old browsers, say); the
  // index's answers then vary by User-Agent as well.
  std::function<std::string(const Request&)> pick_index;
};

Handler StaticFiles(StaticFilesOptions options, WorkerPool& pool);

// The Content-Type for a file name, by extension ("application/octet-stream" if unknown).
std::string_view ContentTypeFor(std::string_view file_name);

}  // namespace platform::net
