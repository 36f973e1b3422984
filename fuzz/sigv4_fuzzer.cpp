// Signature Version 4 on whatever a request to S3 may carry: object keys come from uploads and
// products, query values from list markers S3 itself handed back. Each input is lines: the
// method, the decoded path, then "?name=value" query parameters and "Name: value" headers.
// Besides crashes and sanitizer reports, a finding is a broken promise of sigv4.hpp:
// * UriEncode keeps only A-Z a-z 0-9 - _ . ~ (and '/' in paths), writes the rest as %XX in
//   upper case, and decodes back to its input;
// * a signature is 64 lower-case hex digits, the same for the same request and different
//   under another secret, and the Authorization header and presigned query carry it;
// * a presigned query is made of encoded pairs only.

#include <cstdint>
#include <string>
#include <string_view>

#include "platform/blob/sigv4.hpp"

namespace sigv4 = platform::blob::sigv4;

namespace {

bool Unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

int UpperHexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Checks UriEncode's output character by character while decoding it; traps on a bad form.
std::string DecodeOrTrap(std::string_view encoded, bool slash_allowed) {
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '%') {
      if (i + 2 >= encoded.size()) __builtin_trap();
      const int high = UpperHexDigit(encoded[i + 1]), low = UpperHexDigit(encoded[i + 2]);
      if (high < 0 || low < 0) __builtin_trap();
      const char decoded = static_cast<char>(high * 16 + low);
      // Encoded only what had to be: an unreserved character (or a kept slash) never is.
      if (Unreserved(decoded) || (slash_allowed && decoded == '/')) __builtin_trap();
      out.push_back(decoded);
      i += 2;
    } else if (Unreserved(c) || (slash_allowed && c == '/')) {
      out.push_back(c);
    } else {
      __builtin_trap();
    }
  }
  return out;
}

bool LowerHex64(std::string_view text) {
  if (text.size() != 64) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

sigv4::Request RequestOf(std::string_view input) {
  sigv4::Request request{.payload_sha256 = std::string(sigv4::kUnsignedPayload)};
  int line_number = 0;
  std::size_t start = 0;
  while (start <= input.size()) {
    const auto end = std::min(input.find('\n', start), input.size());
    const std::string_view line = input.substr(start, end - start);
    start = end + 1;
    switch (line_number++) {
      case 0:
        request.method = std::string(line);
        continue;
      case 1:
        request.path = std::string(line);
        continue;
      default:
        break;
    }
    if (line.starts_with('?')) {
      const auto equals = line.find('=');
      request.query.emplace_back(
          std::string(line.substr(1, equals - 1)),
          equals == std::string_view::npos ? std::string() : std::string(line.substr(equals + 1)));
    } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
      request.headers.emplace_back(std::string(line.substr(0, colon)),
                                   std::string(line.substr(colon + 1)));
    }
  }
  request.headers.emplace_back("Host", "127.0.0.1:7480");
  return request;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sigv4::Request request = RequestOf(input);

  if (DecodeOrTrap(sigv4::UriEncode(input, false), false) != input) __builtin_trap();
  if (DecodeOrTrap(sigv4::UriEncode(input, true), true) != input) __builtin_trap();

  const std::string amz_date = sigv4::AmzDate(1'765'000'000 + static_cast<long long>(size));
  if (amz_date.size() != 16) __builtin_trap();
  // First, so it is the one Authorization finds (the input may carry its own).
  request.headers.insert(request.headers.begin(), {"X-Amz-Date", amz_date});
  const sigv4::Credentials keys{"AKIDFUZZ", "fuzzing-secret"};
  const sigv4::Credentials other_keys{"AKIDFUZZ", "another-secret"};
  const sigv4::Scope scope{.region = "us-east-1"};

  const std::string signature = sigv4::Signature(request, keys, scope, amz_date);
  if (!LowerHex64(signature)) __builtin_trap();
  if (sigv4::Signature(request, keys, scope, amz_date) != signature) __builtin_trap();
  if (sigv4::Signature(request, other_keys, scope, amz_date) == signature) __builtin_trap();
  const std::string authorization = sigv4::Authorization(request, keys, scope, amz_date);
  if (!authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDFUZZ/") ||
      !authorization.ends_with("Signature=" + signature)) {
    __builtin_trap();
  }

  const std::string presigned = sigv4::PresignedQuery(request, keys, scope, amz_date, 600);
  std::size_t pair_start = 0;
  bool signed_link = false;
  while (pair_start <= presigned.size()) {
    const auto end = std::min(presigned.find('&', pair_start), presigned.size());
    const std::string_view pair = std::string_view(presigned).substr(pair_start, end - pair_start);
    pair_start = end + 1;
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos) __builtin_trap();
    DecodeOrTrap(pair.substr(0, equals), false);
    DecodeOrTrap(pair.substr(equals + 1), false);
    if (pair.starts_with("X-Amz-Signature=")) signed_link = LowerHex64(pair.substr(equals + 1));
  }
  if (!signed_link) __builtin_trap();
  return 0;
}
