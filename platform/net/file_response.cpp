#include "platform/net/file_response.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <limits>
#include <system_error>

namespace platform::net {

namespace {

// Large enough that the pool hop per piece is noise beside the copy, small enough to keep
// memory per download low.
constexpr std::size_t kPieceBytes = 1 << 20;

class FileProducer final : public BodyProducer {
 public:
  FileProducer(std::filesystem::path path, std::uint64_t offset, std::uint64_t length,
               WorkerPool& pool)
      : path_(std::move(path)), next_(offset), left_(length), pool_(pool) {}
  ~FileProducer() override {
    if (fd_ >= 0) ::close(fd_);
  }

  boost::asio::awaitable<std::string_view> Next() override {
    if (left_ == 0) co_return std::string_view();
    co_await pool_.Run([this] { ReadPiece(); });
    co_return std::string_view(buffer_);
  }

 private:
  void ReadPiece() {
    if (fd_ < 0) {
      fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open");
      ::posix_fadvise(fd_, static_cast<off_t>(next_), static_cast<off_t>(left_),
                      POSIX_FADV_SEQUENTIAL);
    }
    buffer_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(left_, kPieceBytes)));
    std::size_t filled = 0;
    while (filled < buffer_.size()) {
      const ssize_t n = ::pread(fd_, buffer_.data() + filled, buffer_.size() - filled,
                                static_cast<off_t>(next_ + filled));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw std::system_error(errno, std::generic_category(), "read");
      if (n == 0) throw std::runtime_error("file shrank while being served");
      filled += static_cast<std::size_t>(n);
    }
    next_ += filled;
    left_ -= filled;
  }

  const std::filesystem::path path_;
  std::uint64_t next_, left_;
  WorkerPool& pool_;
  int fd_ = -1;
  std::string buffer_;
};

// The same from a ReadAt source.
class SourceProducer final : public BodyProducer {
 public:
  SourceProducer(ReadAt read, std::uint64_t offset, std::uint64_t length, WorkerPool& pool)
      : read_(std::move(read)), next_(offset), left_(length), pool_(pool) {}

  boost::asio::awaitable<std::string_view> Next() override {
    if (left_ == 0) co_return std::string_view();
    co_await pool_.Run([this] {
      buffer_ = read_(next_, static_cast<std::size_t>(std::min<std::uint64_t>(left_, kPieceBytes)));
      if (buffer_.empty()) throw std::runtime_error("source shrank while being served");
    });
    next_ += buffer_.size();
    left_ -= std::min<std::uint64_t>(left_, buffer_.size());
    co_return std::string_view(buffer_);
  }

 private:
  const ReadAt read_;
  std::uint64_t next_, left_;
  WorkerPool& pool_;
  std::string buffer_;
};

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
}

struct ByteRange {
  std::uint64_t first, last;  // inclusive
};
enum class RangeParse { kNone, kOk, kUnsatisfiable };

// Digits only. A number too large for 64 bits is still a number (RFC 9110 sets no limit):
// it saturates, so "bytes=0-99999999999999999999" means "to the end".
bool ParseNumber(std::string_view s, std::uint64_t& v) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range) v = std::numeric_limits<std::uint64_t>::max();
  return true;
}

// RFC 9110 §14.1.2, a single range; anything else (several ranges, bad syntax) is ignored
// and the whole file is sent, which the RFC allows.
RangeParse ParseRange(std::string_view header, std::uint64_t size, ByteRange& out) {
  constexpr std::string_view kPrefix = "bytes=";
  if (!header.starts_with(kPrefix)) return RangeParse::kNone;
  header.remove_prefix(kPrefix.size());
  if (header.find(',') != std::string_view::npos) return RangeParse::kNone;
  const auto dash = header.find('-');
  if (dash == std::string_view::npos) return RangeParse::kNone;
  std::uint64_t a = 0, b = 0;
  const std::string_view left = header.substr(0, dash), right = header.substr(dash + 1);
  if (left.empty()) {  // suffix: the last b bytes
    if (!ParseNumber(right, b)) return RangeParse::kNone;
    if (b == 0 || size == 0) return RangeParse::kUnsatisfiable;
    out = {size - std::min(b, size), size - 1};
    return RangeParse::kOk;
  }
  if (!ParseNumber(left, a)) return RangeParse::kNone;
  if (right.empty()) {
    b = size == 0 ? 0 : size - 1;
  } else if (!ParseNumber(right, b) || b < a) {
    return RangeParse::kNone;
  }
  if (a >= size) return RangeParse::kUnsatisfiable;
  out = {a, std::min(b, size - 1)};
  return RangeParse::kOk;
}

}  // namespace

StreamedBody FileBody(std::filesystem::path path, std::uint64_t offset, std::uint64_t length,
                      WorkerPool& pool) {
  return {std::make_shared<FileProducer>(std::move(path), offset, length, pool), length};
}

Response ServeFile(const Request& request, FileToServe file, WorkerPool& pool) {
  Response r;
  r.content_type = file.content_type;
  r.AddHeader("Cache-Control", file.cache_control);
  r.AddHeader("ETag", file.etag);
  r.AddHeader("Accept-Ranges", "bytes");

  const std::string_view if_none_match = request.Header("If-None-Match");
  if (!if_none_match.empty() && EtagMatches(if_none_match, file.etag)) {
    r.status = 304;
    r.content_type = {};
    return r;
  }
  std::uint64_t offset = 0, length = file.size;
  ByteRange range{};
  // If-Range with a different validator asks for the whole (changed) file.
  const std::string_view if_range = request.Header("If-Range");
  const bool range_allowed = if_range.empty() || if_range == file.etag;
  switch (range_allowed ? ParseRange(request.Header("Range"), file.size, range)
                        : RangeParse::kNone) {
    case RangeParse::kUnsatisfiable: {
      Response bad = Response::FromError(
          Error(errors::kRangeNotSatisfiable, "range not satisfiable", {{"size", file.size}}));
      bad.AddHeader("Content-Range", "bytes */" + std::to_string(file.size));
      return bad;
    }
    case RangeParse::kOk:
      offset = range.first;
      length = range.last - range.first + 1;
      r.status = 206;
      r.AddHeader("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                       std::to_string(range.last) + "/" +
                                       std::to_string(file.size));
      break;
    case RangeParse::kNone:
      break;
  }
  if (request.method == Method::kHead) {
    r.head_content_length = length;
  } else {
    r.streamed = file.read ? StreamedBody{std::make_shared<SourceProducer>(std::move(file.read),
                                                                           offset, length, pool),
                                          length}
                           : FileBody(std::move(file.path), offset, length, pool);
  }
  return r;
}

}  // namespace platform::net
