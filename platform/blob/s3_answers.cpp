#include "platform/blob/s3_answers.hpp"

#include <charconv>

#include "platform/core/clock.hpp"
#include "platform/core/xml.hpp"

namespace platform::blob::s3_answers {

namespace {

[[noreturn]] void Invalid(const std::string& what) {
  throw S3Error(500, "InvalidResponse", "S3: " + what);
}

// The parsed document's root, which must be named `root_name`.
const xmlNode* RootNamed(const xml::Doc& doc, const char* root_name) {
  const xmlNode* root = xml::Root(doc);
  if (!xml::Named(root, root_name)) Invalid(std::string("not a ") + root_name);
  return root;
}

// Whether a list says more pages follow (IsTruncated), and then the marker that finds them.
std::string NextMarker(const xmlNode* root, const char* marker_name) {
  if (xml::ChildText(root, "IsTruncated") != "true") return {};
  std::string marker = xml::ChildText(root, marker_name);
  if (marker.empty()) Invalid(std::string("a truncated list without ") + marker_name);
  return marker;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> ErrorIn(std::string_view body) {
  if (body.find("<Error") == std::string_view::npos) return std::nullopt;
  const auto doc = xml::Parse(body);
  const xmlNode* root = xml::Root(doc);
  if (!xml::Named(root, "Error")) return std::nullopt;
  return std::make_pair(xml::ChildText(root, "Code"), xml::ChildText(root, "Message"));
}

std::string UploadIdIn(std::string_view body) {
  const auto doc = xml::Parse(body);
  std::string id = xml::ChildText(RootNamed(doc, "InitiateMultipartUploadResult"), "UploadId");
  if (id.empty()) Invalid("a multipart upload without an id");
  return id;
}

ObjectPage ParseObjectPage(std::string_view body) {
  const auto doc = xml::Parse(body);
  const xmlNode* root = RootNamed(doc, "ListBucketResult");
  ObjectPage page;
  for (const xmlNode* n = root->children; n != nullptr; n = n->next) {
    if (!xml::Named(n, "Contents")) continue;
    S3Object object{.key = xml::ChildText(n, "Key"), .size = ParseSize(xml::ChildText(n, "Size"))};
    if (object.key.empty()) Invalid("an object without a key");
    object.last_modified_ms = ParseIso8601(xml::ChildText(n, "LastModified")).value_or(0);
    page.objects.push_back(std::move(object));
  }
  page.next_token = NextMarker(root, "NextContinuationToken");
  return page;
}

UploadPage ParseUploadPage(std::string_view body) {
  const auto doc = xml::Parse(body);
  const xmlNode* root = RootNamed(doc, "ListMultipartUploadsResult");
  UploadPage page;
  for (const xmlNode* n = root->children; n != nullptr; n = n->next) {
    if (!xml::Named(n, "Upload")) continue;
    S3Client::PendingUpload upload{
        .key = xml::ChildText(n, "Key"),
        .upload_id = xml::ChildText(n, "UploadId"),
        .initiated_ms = ParseIso8601(xml::ChildText(n, "Initiated")).value_or(0)};
    if (upload.key.empty() || upload.upload_id.empty()) Invalid("an upload without a key or id");
    page.uploads.push_back(std::move(upload));
  }
  page.next_key_marker = NextMarker(root, "NextKeyMarker");
  if (!page.next_key_marker.empty()) {
    page.next_upload_id_marker = xml::ChildText(root, "NextUploadIdMarker");
  }
  return page;
}

std::uint64_t ParseSize(std::string_view text) {
  if (text.empty()) return 0;
  std::uint64_t size = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
  if (error != std::errc() || end != text.data() + text.size()) {
    Invalid("a size that is not a number of bytes: " + std::string(text.substr(0, 32)));
  }
  return size;
}

}  // namespace platform::blob::s3_answers
