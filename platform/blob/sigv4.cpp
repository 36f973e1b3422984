#include "platform/blob/sigv4.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <stdexcept>

#include "platform/auth/hmac.hpp"
#include "platform/core/ids.hpp"

namespace platform::blob::sigv4 {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Leading and trailing spaces dropped, runs of spaces made one (the suite's
// get-header-value-trim: also inside quotes).
std::string TrimValue(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Lower-cased names in order, each with its values joined by ','.
std::vector<std::pair<std::string, std::string>> CanonicalHeaderList(const Pairs& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : headers) out.emplace_back(Lower(name), TrimValue(value));
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::string, std::string>> merged;
  for (auto& [name, value] : out) {
    if (!merged.empty() && merged.back().first == name) {
      merged.back().second += "," + value;
    } else {
      merged.emplace_back(std::move(name), std::move(value));
    }
  }
  return merged;
}

std::string SignedHeaders(const std::vector<std::pair<std::string, std::string>>& list) {
  std::string out;
  for (const auto& [name, value] : list) {
    if (!out.empty()) out.push_back(';');
    out += name;
  }
  return out;
}

std::string Header(const Request& request, std::string_view lower_name) {
  for (const auto& [name, value] : request.headers) {
    if (Lower(name) == lower_name) return value;
  }
  return {};
}

std::string CredentialScope(const Scope& scope, std::string_view amz_date) {
  return std::string(amz_date.substr(0, 8)) + "/" + scope.region + "/" + scope.service +
         "/aws4_request";
}

std::string SigningKey(const Credentials& credentials, const Scope& scope,
                       std::string_view amz_date) {
  using platform::auth::HmacSha256;
  const std::string date_key =
      HmacSha256(amz_date.substr(0, 8), "AWS4" + credentials.secret_access_key);
  const std::string region_key = HmacSha256(scope.region, date_key);
  const std::string service_key = HmacSha256(scope.service, region_key);
  return HmacSha256("aws4_request", service_key);
}

void CheckDate(std::string_view amz_date) {
  if (amz_date.size() != 16 || amz_date[8] != 'T' || amz_date[15] != 'Z') {
    throw std::invalid_argument("sigv4: the date must look like 20150830T123600Z");
  }
}

}  // namespace

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 0x0F]);
    }
  }
  return out;
}

std::string CanonicalPath(std::string_view path) {
  return path.empty() ? "/" : UriEncode(path, true);
}

std::string CanonicalQuery(const Pairs& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) {
    encoded.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out.push_back('&');
    out += name + "=" + value;
  }
  return out;
}

std::string CanonicalRequest(const Request& request) {
  const auto headers = CanonicalHeaderList(request.headers);
  std::string out = request.method + "\n" + CanonicalPath(request.path) + "\n" +
                    CanonicalQuery(request.query) + "\n";
  for (const auto& [name, value] : headers) out += name + ":" + value + "\n";
  out += "\n" + SignedHeaders(headers) + "\n" + request.payload_sha256;
  return out;
}

std::string StringToSign(const Request& request, const Scope& scope, std::string_view amz_date) {
  CheckDate(amz_date);
  return std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" +
         CredentialScope(scope, amz_date) + "\n" + Sha256Hex(CanonicalRequest(request));
}

std::string Signature(const Request& request, const Credentials& credentials, const Scope& scope,
                      std::string_view amz_date) {
  return HexEncode(platform::auth::HmacSha256(StringToSign(request, scope, amz_date),
                                              SigningKey(credentials, scope, amz_date)));
}

std::string Authorization(const Request& request, const Credentials& credentials,
                          const Scope& scope, std::string_view amz_date) {
  if (Header(request, "x-amz-date") != amz_date) {
    throw std::invalid_argument("sigv4: the request must carry X-Amz-Date: " +
                                std::string(amz_date));
  }
  return std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
         CredentialScope(scope, amz_date) +
         ", SignedHeaders=" + SignedHeaders(CanonicalHeaderList(request.headers)) +
         ", Signature=" + Signature(request, credentials, scope, amz_date);
}

std::string PresignedQuery(Request request, const Credentials& credentials, const Scope& scope,
                           std::string_view amz_date, int expires_seconds) {
  if (expires_seconds < 1 || expires_seconds > 604'800) {
    throw std::invalid_argument("sigv4: a presigned link lasts 1 s to 7 days");
  }
  CheckDate(amz_date);
  const std::string host = Header(request, "host");
  request.headers = {{"host", host}};
  request.payload_sha256 = std::string(kUnsignedPayload);
  request.query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  request.query.emplace_back("X-Amz-Credential",
                             credentials.access_key_id + "/" + CredentialScope(scope, amz_date));
  request.query.emplace_back("X-Amz-Date", std::string(amz_date));
  request.query.emplace_back("X-Amz-Expires", std::to_string(expires_seconds));
  request.query.emplace_back("X-Amz-SignedHeaders", "host");
  const std::string signature = Signature(request, credentials, scope, amz_date);
  return CanonicalQuery(request.query) + "&X-Amz-Signature=" + signature;
}

std::string AmzDate(long long unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char out[17];
  std::strftime(out, sizeof out, "%Y%m%dT%H%M%SZ", &utc);
  return out;
}

}  // namespace platform::blob::sigv4
