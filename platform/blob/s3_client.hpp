#pragma once

// A small S3 client over libcurl for the S3 blob backend: path-style requests
// (ENDPOINT/BUCKET/KEY, which RADOS Gateway, MinIO and AWS all take), signed with
// Signature Version 4 (sigv4.hpp). Blocking, like every BlobStore call: worker threads only.
//
// Retries: connection failures, timeouts, 500/502/503/504 and 429 (S3's SlowDown) are tried
// again up to kAttempts times with jittered exponential backoff; anything else is final.
// Large files go up in parts (multipart upload), one part in memory at a time; a failed
// multipart upload is aborted so no parts are left behind.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "platform/blob/sigv4.hpp"

namespace platform::blob {

// An S3 answer that is an error: `code` is S3's ("NoSuchBucket", "AccessDenied",
// "SignatureDoesNotMatch", …) or "ConnectionFailed" / "Timeout" when no answer came.
class S3Error : public std::runtime_error {
 public:
  S3Error(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  int status_;
  std::string code_;
};

struct S3Timeouts {
  std::chrono::milliseconds connect{5'000};
  // A request whose transfer stalls (under 1 KiB/s) this long is cut and counts as failed.
  std::chrono::seconds stall{30};
};

struct S3Location {
  std::string endpoint;  // "http://127.0.0.1:7480" or "https://s3.eu-west-1.amazonaws.com"
  std::string bucket;
  std::string region = "us-east-1";
  // How clients reach the same service, when not by `endpoint` (a private address): the host
  // presigned links are made for.
  std::string public_endpoint;
  // delivery=redirect: media is answered with a redirect to a presigned link; otherwise
  // (delivery=stream) the server streams it through ranged reads.
  bool redirect_media = false;
  // stall_seconds=N: how long a silent or crawling S3 is waited for, per attempt.
  S3Timeouts timeouts;
};

struct S3Object {
  std::string key;
  std::uint64_t size = 0;
  std::int64_t last_modified_ms = 0;
};

class S3Client {
 public:
  // Files above this go up as a multipart upload, in parts of this size.
  static constexpr std::uint64_t kPartBytes = 16 << 20;
  static constexpr int kAttempts = 4;

  S3Client(S3Location location, sigv4::Credentials credentials);

  // Whether the bucket exists and the keys may use it; throws S3Error saying which is wrong.
  void CheckBucket() const;
  // Uploads a whole file; its SHA-256 (hex) when known lets S3 check the bytes.
  void PutFile(std::string_view key, const std::filesystem::path& file,
               const std::string& sha256 = "") const;
  // Uploads bytes held in memory; their SHA-256 (hex) when known lets S3 check them.
  void PutString(std::string_view key, std::string_view body, const std::string& sha256 = "") const;

  // A multipart upload under way: each part goes up as it is added (all but the last at
  // least 5 MiB; we add kPartBytes), Complete() joins them into the object. Destroyed before
  // Complete, it is aborted, so S3 keeps none of its parts.
  class MultipartUpload {
   public:
    MultipartUpload(const S3Client& client, std::string key);  // starts it: one request
    ~MultipartUpload();
    MultipartUpload(const MultipartUpload&) = delete;
    MultipartUpload& operator=(const MultipartUpload&) = delete;
    void AddPart(std::string bytes);
    void Complete();

   private:
    const S3Client& client_;
    const std::string key_;
    std::string id_;
    std::string parts_;  // <Part> elements of the completion request
    int next_part_ = 1;
    bool done_ = false;
  };
  // Multipart uploads started under `prefix` and neither completed nor aborted (a crash
  // between the two), with when they started.
  struct PendingUpload {
    std::string key, upload_id;
    std::int64_t initiated_ms = 0;
  };
  std::vector<PendingUpload> ListUploads(std::string_view prefix) const;
  void AbortUpload(std::string_view key, std::string_view upload_id) const;
  // Null when there is no such object.
  std::optional<S3Object> Head(std::string_view key) const;
  // Up to `length` bytes from `offset` (fewer at the end; empty past it).
  std::string GetRange(std::string_view key, std::uint64_t offset, std::size_t length) const;
  // Every object whose key starts with `prefix`, by key.
  std::vector<S3Object> List(std::string_view prefix) const;
  // True when something was there (S3 itself answers 204 either way: a Head first).
  bool Delete(std::string_view key) const;
  // Deletes without asking first: for keys just listed.
  void DeleteListed(std::string_view key) const;
  // Copies within the bucket; onto itself, it renews the object's LastModified.
  void Copy(std::string_view from, std::string_view to) const;
  // A link anyone may GET for `seconds`, on the public endpoint when there is one; S3 answers
  // it with `content_type` when one is given.
  std::string PresignedGetUrl(std::string_view key, int seconds,
                              std::string_view content_type = "") const;

  const S3Location& location() const { return location_; }

 private:
  struct Exchange;
  struct Answer {
    long status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // lower-case names
  };
  // One signed request, retried as the class comment says; throws S3Error for final errors
  // (any status >= 300 not in `accepted`).
  Answer Send(const Exchange& exchange, std::vector<long> accepted = {}) const;
  Answer SendOnce(const Exchange& exchange) const;
  std::string PathOf(std::string_view key) const;
  std::string Host() const;

  S3Location location_;
  sigv4::Credentials credentials_;
};

// "s3://BUCKET?endpoint=URL&region=R[&public_endpoint=URL][&delivery=stream|redirect]
// [&stall_seconds=1..600]": the location, or std::invalid_argument saying what is wrong. Keys
// come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
S3Location ParseS3Url(std::string_view url);

}  // namespace platform::blob
