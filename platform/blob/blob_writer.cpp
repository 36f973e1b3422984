#include "platform/blob/blob_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace platform::blob {

BlobWriter::BlobWriter(BlobStore& store, Staging staging) : store_(store) {
  if (staging == Staging::kStreamed) streaming_ = store.StartStreamingUpload();
  if (streaming_) return;
  temp_ = store.NewTempFile();
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open " + temp_.string());
}

const std::filesystem::path& BlobWriter::temp_path() const {
  if (streaming_) throw std::logic_error("BlobWriter: the bytes are streamed, not in a file");
  return temp_;
}

BlobWriter::BlobWriter(BlobStore& store, std::filesystem::path written)
    : store_(store), temp_(std::move(written)), hash_from_file_(true) {
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open " + temp_.string());
  size_ = std::filesystem::file_size(temp_);
}

BlobWriter::~BlobWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !streaming_) {
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void BlobWriter::Append(std::string_view bytes) {
  hash_.Update(bytes);
  if (streaming_) {
    streaming_->Append(bytes);
    size_ += bytes.size();
    return;
  }
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "write " + temp_.string());
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
    size_ += static_cast<std::uint64_t>(n);
  }
}

BlobInfo BlobWriter::Commit() {
  if (streaming_) {
    BlobInfo info = streaming_->Finish(hash_.HexDigest());
    committed_ = true;
    return info;
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw std::system_error(errno, std::generic_category(), "close " + temp_.string());
  }
  fd_ = -1;
  if (hash_from_file_) {
    BlobInfo info = CommitFile(store_, temp_);
    committed_ = true;
    return info;
  }
  BlobInfo info = store_.Commit(temp_, hash_.HexDigest());
  committed_ = true;
  return info;
}

ObjectInfo BlobWriter::CommitAsObject(std::string_view key) {
  if (streaming_) {
    ObjectInfo info = streaming_->FinishAsObject(key);
    committed_ = true;
    return info;
  }
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw std::system_error(errno, std::generic_category(), "close " + temp_.string());
  }
  fd_ = -1;
  ObjectInfo info = store_.PutObject(key, temp_);
  committed_ = true;
  return info;
}

BlobInfo CommitFile(BlobStore& store, const std::filesystem::path& finished) {
  const int fd = ::open(finished.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "open " + finished.string());
  Sha256Stream hash;
  std::string buffer(1 << 20, '\0');
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw std::system_error(err, std::generic_category(), "read " + finished.string());
    }
    if (n == 0) break;
    hash.Update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
  ::close(fd);
  return store.Commit(finished, hash.HexDigest());
}

void CopyToFile(BlobReader& reader, const std::filesystem::path& to) {
  constexpr std::size_t kPiece = 4 << 20;
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  for (std::uint64_t offset = 0; offset < reader.size();) {
    const std::string piece = reader.Read(offset, kPiece);
    if (piece.empty()) break;
    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    offset += piece.size();
  }
  out.close();
  if (!out) throw std::runtime_error("cannot write " + to.string() + ": disk full?");
}

}  // namespace platform::blob
