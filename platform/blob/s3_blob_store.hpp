#pragma once

// The blob store on an S3-compatible service: "s3://BUCKET?endpoint=URL&region=R", keys from
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Blobs and objects are S3 objects; reads are
// ranged GETs; uploads are written to a local scratch file, then sent (in parts when large)
// and the file removed. There is no LocalPath: callers read through BlobReader.

#include <memory>
#include <string_view>

#include "platform/blob/blob_store.hpp"
#include "platform/blob/s3_client.hpp"

namespace platform::blob {

// Checks the bucket and the keys before returning: S3Error (AccessDenied, NoSuchBucket, or
// ConnectionFailed) at start-up rather than at the first upload; std::invalid_argument for
// a malformed URL or missing keys.
std::unique_ptr<BlobStore> OpenS3BlobStore(std::string_view url);

}  // namespace platform::blob
