#pragma once

// Reading what an S3 service answers: its XML bodies (an error, a page of objects, a page of
// unfinished multipart uploads) and the sizes in them. The service is outside this process
// and may be buggy or hostile, so anything S3 does not document is an S3Error with the code
// "InvalidResponse", never another exception or a made-up number. Fuzzed by
// fuzz/s3_answers_fuzzer.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/blob/s3_client.hpp"

namespace platform::blob::s3_answers {

// S3's <Error><Code>…</Code><Message>…</Message></Error>, if the body is one.
std::optional<std::pair<std::string, std::string>> ErrorIn(std::string_view body);

// CreateMultipartUpload (InitiateMultipartUploadResult): the new upload's id.
std::string UploadIdIn(std::string_view body);

// ListObjectsV2 (ListBucketResult). `next_token` is empty on the last page.
struct ObjectPage {
  std::vector<S3Object> objects;
  std::string next_token;
};
ObjectPage ParseObjectPage(std::string_view body);

// ListMultipartUploads (ListMultipartUploadsResult). `next_key_marker` is empty on the last
// page.
struct UploadPage {
  std::vector<S3Client::PendingUpload> uploads;
  std::string next_key_marker, next_upload_id_marker;
};
UploadPage ParseUploadPage(std::string_view body);

// A size in bytes as S3 writes it (decimal digits; "" is 0), for <Size> and Content-Length.
std::uint64_t ParseSize(std::string_view text);

}  // namespace platform::blob::s3_answers
