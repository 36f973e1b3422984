#include "platform/media/file_type.hpp"

#include <magic.h>

#include <memory>
#include <stdexcept>

namespace platform::media {

namespace {

struct MagicCloser {
  void operator()(magic_t m) const { magic_close(m); }
};

// libmagic handles are not thread-safe: one per thread, loaded once.
magic_t ThreadMagic() {
  thread_local std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser> magic = [] {
    std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser> m(
        magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
    if (!m) throw std::runtime_error("libmagic: cannot open");
    if (magic_load(m.get(), nullptr) != 0) {
      throw std::runtime_error(std::string("libmagic: ") + magic_error(m.get()));
    }
    return m;
  }();
  return magic.get();
}

}  // namespace

std::string SniffMimeType(const std::filesystem::path& file) {
  magic_t magic = ThreadMagic();
  const char* type = magic_file(magic, file.c_str());
  if (type == nullptr) {
    const char* why = magic_error(magic);
    throw std::runtime_error(std::string("libmagic: ") + (why ? why : "cannot read the file"));
  }
  return type;
}

std::string SniffMimeTypeOfBytes(std::string_view head) {
  magic_t magic = ThreadMagic();
  const char* type = magic_buffer(magic, head.data(), head.size());
  if (type == nullptr) {
    const char* why = magic_error(magic);
    throw std::runtime_error(std::string("libmagic: ") + (why ? why : "cannot judge the bytes"));
  }
  return type;
}

}  // namespace platform::media
