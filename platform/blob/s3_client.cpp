#include "platform/blob/s3_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <thread>

#include "platform/blob/s3_answers.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/curl_easy.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"

namespace platform::blob {

namespace fs = std::filesystem;

struct S3Client::Exchange {
  std::string method = "GET";
  std::string key;  // empty: the bucket itself
  sigv4::Pairs query;
  sigv4::Pairs headers;
  std::string body;
  std::string body_sha256;  // computed from `body` when empty
};

namespace {

std::size_t WriteHeader(char* in, std::size_t size, std::size_t count, void* user) {
  const std::string_view line(in, size * count);
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    static_cast<std::vector<std::pair<std::string, std::string>>*>(user)->emplace_back(
        std::move(name), std::string(value));
  }
  return size * count;
}

bool Retryable(long status) {
  return status == 0 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

std::string HeaderOf(const std::vector<std::pair<std::string, std::string>>& headers,
                     std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return {};
}

std::string CodeForStatus(long status) {
  switch (status) {
    case 403:
      return "AccessDenied";
    case 404:
      return "NotFound";
    default:
      return "HTTP" + std::to_string(status);
  }
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
        std::isxdigit(text[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

// "https://host:port/…" → "host:port".
std::string HostOf(std::string_view endpoint) {
  const auto scheme = endpoint.find("://");
  const std::string_view rest =
      scheme == std::string_view::npos ? endpoint : endpoint.substr(scheme + 3);
  return std::string(rest.substr(0, rest.find('/')));
}

bool IsHttpUrl(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

bool IsBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

}  // namespace

S3Client::S3Client(S3Location location, sigv4::Credentials credentials)
    : location_(std::move(location)), credentials_(std::move(credentials)) {
  while (!location_.endpoint.empty() && location_.endpoint.back() == '/') {
    location_.endpoint.pop_back();
  }
}

std::string S3Client::Host() const {
  return HostOf(location_.endpoint);
}

std::string S3Client::PathOf(std::string_view key) const {
  std::string path = "/" + location_.bucket;
  if (!key.empty()) path += "/" + std::string(key);
  return path;
}

S3Client::Answer S3Client::SendOnce(const Exchange& exchange) const {
  const std::string amz_date = sigv4::AmzDate(NowMillis() / 1000);
  sigv4::Request request{.method = exchange.method,
                         .path = PathOf(exchange.key),
                         .query = exchange.query,
                         .headers = exchange.headers};
  request.payload_sha256 =
      exchange.body_sha256.empty() ? Sha256Hex(exchange.body) : exchange.body_sha256;
  request.headers.emplace_back("host", Host());
  request.headers.emplace_back("x-amz-date", amz_date);
  request.headers.emplace_back("x-amz-content-sha256", request.payload_sha256);
  const std::string authorization =
      sigv4::Authorization(request, credentials_, {location_.region, "s3"}, amz_date);

  const curl::Easy curl = curl::NewEasy();
  curl::List list;
  auto add = [&list](const std::string& line) { curl::Append(list, line); };
  for (const auto& [name, value] : request.headers) add(name + ": " + value);
  add("Authorization: " + authorization);
  add("Expect:");        // no 100-continue round trip
  add("Content-Type:");  // curl's default for POST is not what we send

  std::string url = location_.endpoint + sigv4::CanonicalPath(request.path);
  if (!request.query.empty()) url += "?" + sigv4::CanonicalQuery(request.query);

  Answer answer;
  curl::Upload upload{exchange.body};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(location_.timeouts.connect.count()));
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(location_.timeouts.stall.count()));
  curl::WriteInto(c, answer.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &answer.headers);
  if (exchange.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (exchange.method == "PUT") {
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl::ReadFrom(c, upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(exchange.body.size()));
  } else if (exchange.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, exchange.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(exchange.body.size()));
  } else if (exchange.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, exchange.method.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    const bool timeout = rc == CURLE_OPERATION_TIMEDOUT;
    throw S3Error(0, timeout ? "Timeout" : "ConnectionFailed",
                  "S3 " + exchange.method + " " + url + ": " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer.status);
  return answer;
}

S3Client::Answer S3Client::Send(const Exchange& exchange, std::vector<long> accepted) const {
  thread_local std::mt19937 jitter{std::random_device{}()};
  for (int attempt = 1;; ++attempt) {
    long status = 0;
    std::string code, message;
    try {
      Answer answer = SendOnce(exchange);
      status = answer.status;
      // Some answers are errors in a 200 (CompleteMultipartUpload, CopyObject); a GET's 200
      // is the object's own bytes, whatever they say.
      const auto error = status >= 300 || exchange.method != "GET"
                             ? s3_answers::ErrorIn(answer.body)
                             : std::nullopt;
      const bool ok = (status < 300 && !error) ||
                      std::find(accepted.begin(), accepted.end(), status) != accepted.end();
      if (ok) return answer;
      if (error) {
        code = error->first;
        message = error->second;
        if (code == "SlowDown" || code == "InternalError") status = 503;
      } else {
        code = CodeForStatus(status);
      }
    } catch (const S3Error& e) {
      if (attempt >= kAttempts) throw;
      code = e.code();
      message = e.what();
    }
    if (!Retryable(status) || attempt >= kAttempts) {
      throw S3Error(static_cast<int>(status), code,
                    "S3 " + exchange.method + " " + PathOf(exchange.key) + ": " + code +
                        (message.empty() ? "" : " (" + message + ")"));
    }
    const int base = 100 << (attempt - 1);
    std::uniform_int_distribution<int> spread(base / 2, base);
    std::this_thread::sleep_for(std::chrono::milliseconds(spread(jitter)));
  }
}

void S3Client::CheckBucket() const {
  try {
    Send({.method = "HEAD"});
  } catch (const S3Error& e) {
    if (e.status() == 404) {
      throw S3Error(404, "NoSuchBucket",
                    "S3: bucket " + location_.bucket + " does not exist at " + location_.endpoint);
    }
    if (e.status() == 403) {
      throw S3Error(403, "AccessDenied",
                    "S3: the access key is refused for bucket " + location_.bucket +
                        " (check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)");
    }
    throw;
  }
}

void S3Client::PutString(std::string_view key, std::string_view body,
                         const std::string& sha256) const {
  Send(
      {.method = "PUT", .key = std::string(key), .body = std::string(body), .body_sha256 = sha256});
}

void S3Client::PutFile(std::string_view key, const fs::path& file,
                       const std::string& sha256) const {
  const std::uint64_t size = fs::file_size(file);
  std::ifstream in(file, std::ios::binary);
  const auto read = [&](std::uint64_t n) {
    std::string bytes(static_cast<std::size_t>(n), '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(n))) {
      throw std::runtime_error("S3: cannot read " + file.string());
    }
    return bytes;
  };
  if (size <= kPartBytes) {
    Send({.method = "PUT", .key = std::string(key), .body = read(size), .body_sha256 = sha256});
    return;
  }
  MultipartUpload upload(*this, std::string(key));
  for (std::uint64_t offset = 0; offset < size; offset += kPartBytes) {
    upload.AddPart(read(std::min(kPartBytes, size - offset)));  // one part in memory at a time
  }
  upload.Complete();
}

S3Client::MultipartUpload::MultipartUpload(const S3Client& client, std::string key)
    : client_(client), key_(std::move(key)) {
  const Answer created = client_.Send({.method = "POST", .key = key_, .query = {{"uploads", ""}}});
  id_ = s3_answers::UploadIdIn(created.body);
}

S3Client::MultipartUpload::~MultipartUpload() {
  if (done_) return;
  try {
    client_.AbortUpload(key_, id_);
  } catch (const std::exception& e) {
    // Swept later: the store aborts uploads left over from before it opened.
    log::Warn("blob.s3_abort_failed", {{"key", key_}, {"error", e.what()}});
  }
}

void S3Client::MultipartUpload::AddPart(std::string bytes) {
  const int number = next_part_++;
  const Answer uploaded =
      client_.Send({.method = "PUT",
                    .key = key_,
                    .query = {{"partNumber", std::to_string(number)}, {"uploadId", id_}},
                    .body = std::move(bytes)});
  parts_ += "<Part><PartNumber>" + std::to_string(number) + "</PartNumber><ETag>" +
            HeaderOf(uploaded.headers, "etag") + "</ETag></Part>";
}

void S3Client::MultipartUpload::Complete() {
  client_.Send({.method = "POST",
                .key = key_,
                .query = {{"uploadId", id_}},
                .body = "<CompleteMultipartUpload>" + parts_ + "</CompleteMultipartUpload>"});
  done_ = true;
}

std::vector<S3Client::PendingUpload> S3Client::ListUploads(std::string_view prefix) const {
  std::vector<PendingUpload> out;
  std::string key_marker, id_marker;
  for (;;) {
    Exchange list{.method = "GET", .query = {{"uploads", ""}, {"prefix", std::string(prefix)}}};
    if (!key_marker.empty()) {
      list.query.emplace_back("key-marker", key_marker);
      list.query.emplace_back("upload-id-marker", id_marker);
    }
    auto page = s3_answers::ParseUploadPage(Send(list).body);
    std::move(page.uploads.begin(), page.uploads.end(), std::back_inserter(out));
    if (page.next_key_marker.empty()) break;
    if (page.next_key_marker == key_marker && page.next_upload_id_marker == id_marker) {
      throw S3Error(500, "InvalidResponse", "S3: the same page of uploads again");
    }
    key_marker = std::move(page.next_key_marker);
    id_marker = std::move(page.next_upload_id_marker);
  }
  return out;
}

void S3Client::AbortUpload(std::string_view key, std::string_view upload_id) const {
  Send({.method = "DELETE",
        .key = std::string(key),
        .query = {{"uploadId", std::string(upload_id)}}},
       {404});
}

std::optional<S3Object> S3Client::Head(std::string_view key) const {
  const Answer answer = Send({.method = "HEAD", .key = std::string(key)}, {404});
  if (answer.status == 404) return std::nullopt;
  S3Object object{.key = std::string(key)};
  object.size = s3_answers::ParseSize(HeaderOf(answer.headers, "content-length"));
  const std::string modified = HeaderOf(answer.headers, "last-modified");
  const time_t when = curl_getdate(modified.c_str(), nullptr);
  object.last_modified_ms = when < 0 ? 0 : static_cast<std::int64_t>(when) * 1000;
  return object;
}

std::string S3Client::GetRange(std::string_view key, std::uint64_t offset,
                               std::size_t length) const {
  if (length == 0) return {};
  const std::string range =
      "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + length - 1);
  Answer answer =
      Send({.method = "GET", .key = std::string(key), .headers = {{"range", range}}}, {416});
  if (answer.status == 416) return {};  // past the end
  if (answer.body.size() > length) answer.body.resize(length);
  return std::move(answer.body);
}

std::vector<S3Object> S3Client::List(std::string_view prefix) const {
  std::vector<S3Object> out;
  std::string token;
  for (;;) {
    Exchange list{.method = "GET", .query = {{"list-type", "2"}, {"prefix", std::string(prefix)}}};
    if (!token.empty()) list.query.emplace_back("continuation-token", token);
    auto page = s3_answers::ParseObjectPage(Send(list).body);
    std::move(page.objects.begin(), page.objects.end(), std::back_inserter(out));
    if (page.next_token.empty()) break;
    if (page.next_token == token) {
      throw S3Error(500, "InvalidResponse", "S3: the same page of objects again");
    }
    token = std::move(page.next_token);
  }
  std::sort(out.begin(), out.end(),
            [](const S3Object& a, const S3Object& b) { return a.key < b.key; });
  return out;
}

bool S3Client::Delete(std::string_view key) const {
  if (!Head(key)) return false;
  DeleteListed(key);
  return true;
}

void S3Client::DeleteListed(std::string_view key) const {
  Send({.method = "DELETE", .key = std::string(key)}, {404});
}

void S3Client::Copy(std::string_view from, std::string_view to) const {
  Exchange copy{.method = "PUT", .key = std::string(to)};
  copy.headers.emplace_back("x-amz-copy-source", sigv4::UriEncode(PathOf(from), true));
  if (from == to) copy.headers.emplace_back("x-amz-metadata-directive", "REPLACE");
  Send(copy);
}

std::string S3Client::PresignedGetUrl(std::string_view key, int seconds,
                                      std::string_view content_type) const {
  const std::string& base =
      location_.public_endpoint.empty() ? location_.endpoint : location_.public_endpoint;
  sigv4::Request get{.method = "GET", .path = PathOf(key)};
  get.headers = {{"host", HostOf(base)}};
  if (!content_type.empty()) get.query.emplace_back("response-content-type", content_type);
  return base + sigv4::CanonicalPath(get.path) + "?" +
         sigv4::PresignedQuery(get, credentials_, {location_.region, "s3"},
                               sigv4::AmzDate(NowMillis() / 1000), seconds);
}

S3Location ParseS3Url(std::string_view url) {
  constexpr std::string_view kScheme = "s3://";
  if (!url.starts_with(kScheme)) throw std::invalid_argument("not an s3:// URL");
  url.remove_prefix(kScheme.size());
  const auto question = url.find('?');
  S3Location location{.bucket = std::string(url.substr(0, question))};
  if (!IsBucketName(location.bucket)) {
    throw std::invalid_argument("s3://BUCKET: 3 to 63 of a-z 0-9 . - (got \"" + location.bucket +
                                "\")");
  }
  std::string_view query = question == std::string_view::npos ? "" : url.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    const std::string name(pair.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1));
    if (name == "endpoint") {
      location.endpoint = value;
    } else if (name == "region") {
      location.region = value;
    } else if (name == "public_endpoint") {
      location.public_endpoint = value;
    } else if (name == "delivery") {
      if (value != "stream" && value != "redirect") {
        throw std::invalid_argument("s3:// URL: delivery is stream or redirect");
      }
      location.redirect_media = value == "redirect";
    } else if (name == "stall_seconds") {
      int seconds = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec != std::errc() || end != value.data() + value.size() || seconds < 1 || seconds > 600) {
        throw std::invalid_argument("s3:// URL: stall_seconds is 1 to 600");
      }
      location.timeouts.stall = std::chrono::seconds(seconds);
    } else if (!name.empty()) {
      throw std::invalid_argument("s3:// URL: unknown parameter " + name);
    }
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
  }
  if (!IsHttpUrl(location.endpoint)) {
    throw std::invalid_argument("s3:// URL: endpoint=http(s)://HOST[:PORT] is required");
  }
  if (!location.public_endpoint.empty() && !IsHttpUrl(location.public_endpoint)) {
    throw std::invalid_argument("s3:// URL: public_endpoint must be http(s)://HOST[:PORT]");
  }
  while (location.public_endpoint.ends_with('/')) location.public_endpoint.pop_back();
  if (location.region.empty()) throw std::invalid_argument("s3:// URL: region is empty");
  return location;
}

}  // namespace platform::blob
