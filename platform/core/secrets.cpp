#include "platform/core/secrets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"

namespace platform {

namespace fs = std::filesystem;

namespace {

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read secret " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return value;
}

void WriteNew(const fs::path& path, const std::string& value) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path.string() + ": " + strerror(errno));
  const std::string line = value + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

void CreatePrivateDirectory(const fs::path& dir) {
  if (fs::exists(dir)) return;
  if (dir.has_parent_path()) fs::create_directories(dir.parent_path());
  // mkdir's own mode (less the umask), then exactly 0700: never readable by others, even for
  // a moment.
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    throw fs::filesystem_error("cannot create the directory", dir,
                               std::error_code(errno, std::generic_category()));
  }
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
}

std::string LoadOrCreateSecret(const fs::path& data_dir, std::string_view name, std::size_t bytes) {
  const fs::path dir = data_dir / "secrets";
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  const fs::path path = dir / name;
  if (fs::exists(path)) return ReadAll(path);

  // Write a private temporary file, then link() it into place: link fails if another process
  // got there first, so a reader never sees a half-written secret.
  const fs::path temp = dir / (std::string(name) + ".tmp." + RandomToken(6));
  WriteNew(temp, RandomToken(bytes));
  const bool won = ::link(temp.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  fs::remove(temp);
  if (!won && link_errno != EEXIST) {
    throw std::runtime_error("cannot create " + path.string() + ": " + strerror(link_errno));
  }
  if (won) log::Info("secret.generated", {{"name", name}, {"path", path.string()}});
  return ReadAll(path);
}

}  // namespace platform
