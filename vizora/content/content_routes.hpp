#pragma once

// HTTP routes of the content library (API.md "Content"): uploads and URL content, the
// library, and delivery of files (Range, ETag) to dashboards and, through signed URLs, to
// screens.

#include <string>

#include "platform/blob/blob_store.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/router.hpp"
#include "vizora/content/content_service.hpp"
#include "vizora/content/model.hpp"

namespace vizora::content {

struct ContentRoutesOptions {
  platform::blob::BlobStore& blobs;
  platform::WorkerPool& pool;  // uploads and file reads
  UploadLimits limits;
  std::string media_key;  // signs media URLs for screens; never logged
};

void AddContentRoutes(platform::net::Router& router, ContentService& service,
                      ContentRoutesOptions options);

}  // namespace vizora::content
