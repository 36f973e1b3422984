#pragma once

// Receives a multipart/form-data upload as it streams in (API.md "Content"), through
// platform/uploads: the part "file" goes to a blob in 1 MiB writes, hashed on the way; its
// type is judged from its first bytes (415 CONTENT_003 before the rest is read) and its size
// is checked against the type's limit as bytes arrive (413 CONTENT_002). Nothing of a refused
// or broken upload stays on disk.

#include <boost/asio/awaitable.hpp>
#include <map>
#include <string>

#include "platform/blob/blob_store.hpp"
#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/http.hpp"
#include "vizora/content/accepted_types.hpp"
#include "vizora/content/model.hpp"

namespace vizora::content {

struct ReceivedUpload {
  platform::blob::BlobInfo blob;  // committed
  AcceptedType accepted;
  std::string filename;
  std::map<std::string, std::string> fields;  // the form's other parts (title, tags…)
};

struct UploadContext {
  platform::blob::BlobStore& blobs;
  platform::WorkerPool& pool;
  const UploadLimits& limits;
};

boost::asio::awaitable<platform::Result<ReceivedUpload>> ReceiveUpload(
    platform::net::Request& request, const UploadContext& context);

}  // namespace vizora::content
