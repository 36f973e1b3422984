#include "vizora/content/upload.hpp"

#include <memory>
#include <optional>

#include "platform/blob/blob_writer.hpp"
#include "platform/media/file_type.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/net/multipart.hpp"

namespace vizora::content {

namespace net = platform::net;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;

namespace {

// File bytes are written in pieces this large: one worker hop per MiB.
constexpr std::size_t kWriteBytes = 1 << 20;
// Enough of a file's head for libmagic to judge every accepted type.
constexpr std::size_t kSniffBytes = 64 * 1024;
constexpr std::size_t kMaxFieldBytes = 8 * 1024;

std::string MegabytesText(std::int64_t bytes) {
  return std::to_string(bytes / (1024 * 1024)) + " MB";
}

// The file part on its way to the blob store. Lives on the event loop; its blocking calls run
// on the pool.
class FileSink {
 public:
  FileSink(const UploadContext& context, std::string filename)
      : context_(context), filename_(std::move(filename)) {}

  // Buffers `bytes`, writing a full buffer out.
  awaitable<void> Add(std::string_view bytes) {
    pending_.append(bytes);
    received_ += bytes.size();
    if (accepted_ && static_cast<std::int64_t>(received_) > limit_) ThrowTooLarge();
    if (pending_.size() >= kWriteBytes) co_await Flush();
  }

  // Writes what is left and stores the blob.
  awaitable<ReceivedUpload> Finish() {
    co_await Flush();
    if (received_ == 0) {
      throw ErrorException(Error(platform::errors::kUnprocessable, "the file is empty",
                                 {{"field", "file"}, {"reason", "empty"}}));
    }
    ReceivedUpload out{.accepted = *accepted_, .filename = filename_};
    out.blob = co_await context_.pool.Call([this] { return writer_->Commit(); });
    co_return out;
  }

  ~FileSink() {
    // The writer deletes its temp file: on the pool, as it touches the disk. It is handed
    // over, since this sink is gone by the time the pool runs.
    if (writer_) {
      std::shared_ptr<platform::blob::BlobWriter> dropped = std::move(writer_);
      context_.pool.Post([dropped] {});
    }
  }

 private:
  awaitable<void> Flush() {
    if (pending_.empty() && writer_) co_return;
    // The first flush judges the file, on the pool (libmagic, and a PATH lookup for the
    // converter of Office files): a refused file never gets a temp file.
    std::string sniffed;
    std::optional<AcceptedType> accepted;
    std::optional<std::string> missing_converter;
    co_await context_.pool.Run([&] {
      if (!writer_) {
        sniffed = platform::media::SniffMimeTypeOfBytes(
            std::string_view(pending_).substr(0, kSniffBytes));
        accepted = AcceptUpload(sniffed, filename_);
        if (!accepted) return;
        missing_converter = MissingConverter(accepted->mime);
        if (missing_converter) return;
        writer_ = std::make_shared<platform::blob::BlobWriter>(context_.blobs);
      }
      writer_->Append(pending_);
    });
    if (!accepted_) {
      if (!accepted) {
        throw ErrorException(Error(errors::kUnsupportedType,
                                   "this kind of file cannot be shown on screens (" + sniffed +
                                       "); use JPEG, PNG, GIF, WebP, MP4, WebM, PDF, CSV, XLSX "
                                       "or PPTX",
                                   {{"detectedType", sniffed}}));
      }
      if (missing_converter) {
        throw ErrorException(Error(errors::kUnsupportedType, *missing_converter,
                                   {{"detectedType", accepted->mime}}));
      }
      accepted_ = accepted;
      limit_ = context_.limits.For(accepted_->content_type);
      if (static_cast<std::int64_t>(received_) > limit_) ThrowTooLarge();
    }
    pending_.clear();
  }

  [[noreturn]] void ThrowTooLarge() const {
    throw ErrorException(
        Error(errors::kTooLarge,
              std::string(accepted_->content_type) + " files may be up to " + MegabytesText(limit_),
              {{"maxBytes", limit_}, {"contentType", std::string(accepted_->content_type)}}));
  }

  const UploadContext& context_;
  const std::string filename_;
  std::string pending_;
  std::size_t received_ = 0;
  std::shared_ptr<platform::blob::BlobWriter> writer_;
  std::optional<AcceptedType> accepted_;
  std::int64_t limit_ = 0;
};

awaitable<ReceivedUpload> Receive(net::Request& request, const UploadContext& context) {
  auto boundary = net::MultipartParser::BoundaryOf(request.Header("Content-Type"));
  if (!boundary) throw ErrorException(boundary.error());
  net::MultipartParser parser(std::move(*boundary));
  std::map<std::string, std::string> fields;
  std::unique_ptr<FileSink> file;
  std::optional<ReceivedUpload> received;
  std::string field;  // the name of the plain field being read
  bool in_file = false;
  for (;;) {
    std::optional<std::string_view> piece = co_await request.body_stream->Next();
    if (!piece) break;
    for (auto& event : parser.Feed(*piece)) {
      switch (event.kind) {
        case net::MultipartEvent::Kind::kPartBegin:
          in_file = event.part.name == "file";
          if (in_file) {
            if (file || received) {
              throw ErrorException(net::FieldError("file", "one file per upload"));
            }
            file = std::make_unique<FileSink>(context, event.part.filename);
          } else {
            field = event.part.name;
            fields[field];
          }
          break;
        case net::MultipartEvent::Kind::kData:
          if (in_file) {
            co_await file->Add(event.data);
          } else {
            std::string& value = fields[field];
            if (value.size() + event.data.size() > kMaxFieldBytes) {
              throw ErrorException(net::FieldError(field, "too long"));
            }
            value += event.data;
          }
          break;
        case net::MultipartEvent::Kind::kPartEnd:
          if (in_file) {
            received = co_await file->Finish();
            file.reset();
            in_file = false;
          }
          break;
      }
    }
  }
  parser.Finish();
  if (!received)
    throw ErrorException(net::FieldError("file", "a file part named \"file\" is required"));
  received->fields = std::move(fields);
  co_return std::move(*received);
}

}  // namespace

awaitable<Result<ReceivedUpload>> ReceiveUpload(net::Request& request,
                                                const UploadContext& context) {
  try {
    co_return co_await Receive(request, context);
  } catch (const ErrorException& e) {
    co_return e.error();
  }
}

}  // namespace vizora::content
