#include "vizora/content/upload.hpp"

#include "platform/uploads/form_upload.hpp"

namespace vizora::content {

using boost::asio::awaitable;
using platform::Error;
using platform::Result;
using platform::uploads::FileHead;

namespace {

std::string MegabytesText(std::int64_t bytes) {
  return std::to_string(bytes / (1024 * 1024)) + " MB";
}

// The one file part, "file": judged by its bytes (and, for one-column CSV, its name), limited
// by its type.
platform::uploads::FilePolicy FilePolicyFor(const UploadLimits& limits) {
  return {.required = true,
          .judge = [&limits](const FileHead& head) -> Result<std::int64_t> {
            const auto accepted = AcceptUpload(head.mime, head.filename);
            if (!accepted) {
              return Error(errors::kUnsupportedType,
                           "this kind of file cannot be shown on screens (" +
                               std::string(head.mime) +
                               "); use JPEG, PNG, GIF, WebP, MP4, WebM, PDF, CSV, XLSX or PPTX",
                           {{"detectedType", head.mime}});
            }
            // A PATH lookup for the converter of Office files: on the pool, like the judging.
            if (auto missing = MissingConverter(accepted->mime)) {
              return Error(errors::kUnsupportedType, *missing, {{"detectedType", accepted->mime}});
            }
            return limits.For(accepted->content_type);
          },
          .too_large =
              [](const FileHead& head, std::int64_t max) {
                const std::string type(AcceptUpload(head.mime, head.filename)->content_type);
                return Error(errors::kTooLarge, type + " files may be up to " + MegabytesText(max),
                             {{"maxBytes", max}, {"contentType", type}});
              },
          // Processing reads it later, from the store: it streams into S3 as it arrives.
          .read_before_commit = false};
}

}  // namespace

awaitable<Result<ReceivedUpload>> ReceiveUpload(platform::net::Request& request,
                                                const UploadContext& context) {
  const platform::uploads::FormPolicy policy{.files = {{"file", FilePolicyFor(context.limits)}}};
  auto form = co_await platform::uploads::ReceiveForm(request, policy, context.blobs, context.pool);
  if (!form) co_return form.error();
  platform::uploads::ReceivedFile& file = *form->File("file");
  ReceivedUpload out{.accepted = *AcceptUpload(file.mime(), file.filename()),
                     .filename = file.filename(),
                     .fields = std::move(form->fields)};
  out.blob = co_await context.pool.Call([&file] { return file.Commit(); });
  co_return out;
}

}  // namespace vizora::content
