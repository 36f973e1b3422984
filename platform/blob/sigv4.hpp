#pragma once

// AWS Signature Version 4: how the S3 backend signs its requests (an Authorization header)
// and the links it hands to clients (a presigned query). Checked against AWS's published
// test suite and S3's own examples (sigv4_test.cpp).
//
// Paths and query parameters are given decoded; the signer encodes them as SigV4 wants
// (RFC 3986 unreserved characters kept, everything else %XX, '/' kept in paths) and the
// caller sends exactly what CanonicalPath / CanonicalQuery return, so what is signed is what
// goes on the wire.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace platform::blob::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
};

// Where a signature is valid: "us-east-1" and "s3" for S3 (any region string for others).
struct Scope {
  std::string region;
  std::string service = "s3";
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string path = "/";  // decoded: "/bucket/videos/1/720p.m3u8"
  Pairs query;             // decoded names and values, any order
  Pairs headers;           // names in any case; at least Host and X-Amz-Date
  // Hex SHA-256 of the body, or "UNSIGNED-PAYLOAD" (S3 allows it; presigned links use it).
  std::string payload_sha256;
};

// The hex SHA-256 of an empty body.
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// RFC 3986 percent-encoding as SigV4 wants it: A-Z a-z 0-9 - _ . ~ kept, the rest %XX in
// upper case; '/' kept too when `keep_slash` (paths).
std::string UriEncode(std::string_view text, bool keep_slash);
std::string CanonicalPath(std::string_view path);
std::string CanonicalQuery(const Pairs& query);

// The steps, exposed for the test suite's intermediate files.
std::string CanonicalRequest(const Request& request);
// `amz_date` is "YYYYMMDDTHHMMSSZ".
std::string StringToSign(const Request& request, const Scope& scope, std::string_view amz_date);
std::string Signature(const Request& request, const Credentials& credentials, const Scope& scope,
                      std::string_view amz_date);

// The Authorization header's value for `request` (which carries X-Amz-Date).
std::string Authorization(const Request& request, const Credentials& credentials,
                          const Scope& scope, std::string_view amz_date);

// A presigned link's query: `request.query` plus the X-Amz-* parameters and the signature,
// encoded, to append after '?'. Only Host is signed among the headers; the payload is
// unsigned. `expires_seconds` is at most 604,800 (seven days).
std::string PresignedQuery(Request request, const Credentials& credentials, const Scope& scope,
                           std::string_view amz_date, int expires_seconds);

// "YYYYMMDDTHHMMSSZ" for a Unix time in seconds.
std::string AmzDate(long long unix_seconds);

}  // namespace platform::blob::sigv4
