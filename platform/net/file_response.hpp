#pragma once

// Answers a GET or HEAD with a file from disk, as HTTP caches and media players expect:
// 304 for a matching If-None-Match, 206 for one satisfiable byte range (416 when it is not),
// and otherwise the whole file. The bytes are streamed in pieces read on a worker pool, never
// held whole and never read on the event loop, so serving a 2 GB video costs ~1 MiB of memory.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "platform/core/worker_pool.hpp"
#include "platform/net/http.hpp"

namespace platform::net {

// Reads up to `max_bytes` at `offset` (fewer only at the end). Blocking: called on the pool.
using ReadAt = std::function<std::string(std::uint64_t offset, std::size_t max_bytes)>;

struct FileToServe {
  std::filesystem::path path;
  ReadAt read;  // when set, the bytes come from here instead of `path` (a blob store's reader)
  std::uint64_t size = 0;
  std::string etag;               // quoted, as sent in the ETag header
  std::string_view content_type;  // must outlive the response: a literal
  std::string cache_control;
};

Response ServeFile(const Request& request, FileToServe file, WorkerPool& pool);

// A body that reads [offset, offset + length) of `path` on `pool` in pieces.
StreamedBody FileBody(std::filesystem::path path, std::uint64_t offset, std::uint64_t length,
                      WorkerPool& pool);

}  // namespace platform::net
