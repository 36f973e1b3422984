#include "platform/uploads/form_upload.hpp"

#include "platform/blob/blob_writer.hpp"
#include "platform/media/file_type.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/net/multipart.hpp"

namespace platform::uploads {

using boost::asio::awaitable;

namespace {

// One file part on its way to a temp file. Lives on the event loop; blocking calls run on the
// pool.
class FileSink {
 public:
  FileSink(const FilePolicy& policy, std::string field, std::string filename,
           blob::BlobStore& blobs, WorkerPool& pool)
      : policy_(policy),
        field_(std::move(field)),
        filename_(std::move(filename)),
        blobs_(blobs),
        pool_(pool) {}

  awaitable<void> Add(std::string_view bytes) {
    pending_.append(bytes);
    received_ += bytes.size();
    if (mime_ && static_cast<std::int64_t>(received_) > limit_) ThrowTooLarge();
    if (pending_.size() >= blob::BlobWriter::kAppendBytes) co_await Flush();
  }

  awaitable<ReceivedFile> Finish() {
    co_await Flush();
    if (received_ == 0) throw ErrorException(net::UnprocessableField(field_, "empty"));
    co_return ReceivedFile(std::move(writer_), std::move(*mime_), filename_, pool_);
  }

  ~FileSink() {
    // The writer deletes its temp file: on the pool, as it touches the disk.
    if (writer_) pool_.Post([dropped = std::move(writer_)] {});
  }

 private:
  awaitable<void> Flush() {
    if (pending_.empty() && writer_) co_return;
    // The first flush judges the file, on the pool: a refused file never gets a temp file.
    std::optional<std::string> sniffed;
    std::optional<Result<std::int64_t>> judged;
    co_await pool_.Run([&] {
      if (!writer_) {
        sniffed =
            media::SniffMimeTypeOfBytes(std::string_view(pending_).substr(0, media::kSniffBytes));
        judged = policy_.judge({.mime = *sniffed, .filename = filename_});
        if (!*judged) return;
        writer_ = std::make_shared<blob::BlobWriter>(
            blobs_, policy_.read_before_commit ? blob::BlobWriter::Staging::kLocalFile
                                               : blob::BlobWriter::Staging::kStreamed);
      }
      writer_->Append(pending_);
    });
    if (judged) {
      if (!*judged) throw ErrorException(judged->error());
      mime_ = std::move(*sniffed);
      limit_ = **judged;
      if (static_cast<std::int64_t>(received_) > limit_) ThrowTooLarge();
    }
    pending_.clear();
  }

  [[noreturn]] void ThrowTooLarge() const {
    throw ErrorException(policy_.too_large({.mime = *mime_, .filename = filename_}, limit_));
  }

  const FilePolicy& policy_;
  const std::string field_, filename_;
  blob::BlobStore& blobs_;
  WorkerPool& pool_;
  std::string pending_;
  std::size_t received_ = 0;
  std::shared_ptr<blob::BlobWriter> writer_;
  std::optional<std::string> mime_;
  std::int64_t limit_ = 0;
};

awaitable<Form> Receive(net::Request& request, const FormPolicy& policy, blob::BlobStore& blobs,
                        WorkerPool& pool) {
  auto boundary = net::MultipartParser::BoundaryOf(request.Header("Content-Type"));
  if (!boundary) throw ErrorException(boundary.error());
  net::MultipartParser parser(std::move(*boundary));
  Form form;
  std::unique_ptr<FileSink> file;
  std::string name;  // of the part being read
  for (;;) {
    std::optional<std::string_view> piece = co_await request.body_stream->Next();
    if (!piece) break;
    for (auto& event : parser.Feed(*piece)) {
      switch (event.kind) {
        case net::MultipartEvent::Kind::kPartBegin: {
          name = event.part.name;
          const auto rule = policy.files.find(name);
          if (rule != policy.files.end()) {
            if (form.files.contains(name)) {
              throw ErrorException(net::FieldError(name, "one file per field"));
            }
            file = std::make_unique<FileSink>(rule->second, name, event.part.filename, blobs, pool);
          } else if (!event.part.filename.empty()) {
            throw ErrorException(net::FieldError(name, "no file is expected here"));
          } else {
            form.fields[name];
          }
          break;
        }
        case net::MultipartEvent::Kind::kData:
          if (file) {
            co_await file->Add(event.data);
          } else {
            std::string& value = form.fields[name];
            if (value.size() + event.data.size() > policy.max_field_bytes) {
              throw ErrorException(net::FieldError(name, "too long"));
            }
            value += event.data;
          }
          break;
        case net::MultipartEvent::Kind::kPartEnd:
          if (file) {
            form.files.emplace(name, co_await file->Finish());
            file.reset();
          }
          break;
      }
    }
  }
  parser.Finish();
  for (const auto& [field, rule] : policy.files) {
    if (rule.required && !form.files.contains(field)) {
      throw ErrorException(net::FieldError(field, "a file is required"));
    }
  }
  co_return form;
}

}  // namespace

ReceivedFile::ReceivedFile(std::shared_ptr<blob::BlobWriter> writer, std::string mime,
                           std::string filename, WorkerPool& pool)
    : writer_(std::move(writer)),
      mime_(std::move(mime)),
      filename_(std::move(filename)),
      pool_(&pool) {}

ReceivedFile::~ReceivedFile() {
  if (writer_) pool_->Post([dropped = std::move(writer_)] {});
}

std::uint64_t ReceivedFile::size() const {
  return writer_->size();
}

const std::filesystem::path& ReceivedFile::temp_path() const {
  return writer_->temp_path();
}

blob::BlobInfo ReceivedFile::Commit() {
  return writer_->Commit();
}

blob::ObjectInfo ReceivedFile::CommitAsObject(std::string_view key) {
  return writer_->CommitAsObject(key);
}

const std::string* Form::Field(std::string_view name) const {
  const auto it = fields.find(std::string(name));
  return it == fields.end() ? nullptr : &it->second;
}

ReceivedFile* Form::File(std::string_view name) {
  const auto it = files.find(std::string(name));
  return it == files.end() ? nullptr : &it->second;
}

awaitable<Result<Form>> ReceiveForm(net::Request& request, const FormPolicy& policy,
                                    blob::BlobStore& blobs, WorkerPool& pool) {
  try {
    co_return co_await Receive(request, policy, blobs, pool);
  } catch (const ErrorException& e) {
    co_return e.error();
  }
}

}  // namespace platform::uploads
