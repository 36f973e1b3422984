#include "platform/core/sandbox.hpp"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <mutex>
#include <string>

#include "platform/core/log.hpp"

namespace platform {

namespace {

// Landlock's kernel interface (linux/landlock.h). Debian 12's headers stop at ABI 2, so the
// later fields and rights are spelled out here; the kernel is told which ABI it is talking to
// by the size of the ruleset attribute and the rights it is asked to handle.
struct RulesetAttr {
  std::uint64_t handled_access_fs = 0;
  std::uint64_t handled_access_net = 0;  // ABI 4
  std::uint64_t scoped = 0;              // ABI 6
};
struct __attribute__((packed)) PathBeneathAttr {
  std::uint64_t allowed_access;
  std::int32_t parent_fd;
};
constexpr unsigned kCreateRulesetVersion = 1U << 0;
constexpr int kRulePathBeneath = 1;

constexpr std::uint64_t kExecute = 1ULL << 0;
constexpr std::uint64_t kWriteFile = 1ULL << 1;
constexpr std::uint64_t kReadFile = 1ULL << 2;
constexpr std::uint64_t kReadDir = 1ULL << 3;
constexpr std::uint64_t kRemoveFile = 1ULL << 5;
constexpr std::uint64_t kMakeSock = 1ULL << 9;
constexpr std::uint64_t kAbi1Rights = (1ULL << 13) - 1;  // execute … make_sym
constexpr std::uint64_t kRefer = 1ULL << 13;             // ABI 2
constexpr std::uint64_t kTruncate = 1ULL << 14;          // ABI 3
constexpr std::uint64_t kIoctlDev = 1ULL << 15;          // ABI 5
constexpr std::uint64_t kFileRights = kExecute | kWriteFile | kReadFile | kTruncate | kIoctlDev;
constexpr std::uint64_t kNetBindTcp = 1ULL << 0;               // ABI 4
constexpr std::uint64_t kNetConnectTcp = 1ULL << 1;            // ABI 4
constexpr std::uint64_t kScopeAbstractUnixSocket = 1ULL << 0;  // ABI 6
constexpr std::uint64_t kScopeSignal = 1ULL << 1;              // ABI 6

int LandlockAbi() {
  const long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

std::uint64_t HandledFileRights(int abi) {
  std::uint64_t rights = kAbi1Rights;
  if (abi >= 2) rights |= kRefer;
  if (abi >= 3) rights |= kTruncate;
  if (abi >= 5) rights |= kIoctlDev;
  return rights;
}

// What every program needs to start and run: its loader, libraries, data files and fonts,
// the facts about this machine that allocators and thread pools read, and its own /proc
// entry (resolved in the child, so it is the child's). No user data, no secrets.
constexpr const char* kSystemReadable[] = {
    "/usr",
    "/lib",
    "/lib64",
    "/bin",
    "/sbin",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/etc/fonts",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
    "/etc/locale.alias",
    "/etc/libreoffice",
    "/var/cache/fontconfig",
    "/var/spool/libreoffice",
    "/proc/self",
    "/proc/filesystems",
    "/proc/meminfo",
    "/proc/cpuinfo",
    "/proc/stat",
    "/proc/sys/vm/overcommit_memory",
    "/sys/devices/system/cpu",
    "/sys/devices/system/node",
    "/dev/zero",
    "/dev/urandom",
    "/dev/random",
};
constexpr const char* kSystemWritable[] = {"/dev/null"};

// No socket (or none but AF_UNIX ones), and no io_uring (whose requests could open sockets
// around the filter). Built once each by libseccomp; the child loads the raw program.
std::vector<sock_filter> BuildNetworkFilter(bool unix_sockets) {
  std::vector<sock_filter> program;
  scmp_filter_ctx ctx = ::seccomp_init(SCMP_ACT_ALLOW);
  if (ctx == nullptr) return program;
  bool ok =
      (unix_sockets ? ::seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1,
                                         SCMP_A0(SCMP_CMP_NE, AF_UNIX))
                    : ::seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 0)) == 0 &&
      ::seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(io_uring_setup), 0) == 0;
  // libseccomp 2.5 exports to a file descriptor only: an anonymous memory file.
  const int fd = ::memfd_create("seccomp-filter", MFD_CLOEXEC);
  ok = ok && fd >= 0 && ::seccomp_export_bpf(ctx, fd) == 0;
  ::seccomp_release(ctx);
  if (ok) {
    const off_t size = ::lseek(fd, 0, SEEK_END);
    program.resize(static_cast<std::size_t>(size) / sizeof(sock_filter));
    const auto bytes = static_cast<ssize_t>(program.size() * sizeof(sock_filter));
    if (::pread(fd, program.data(), static_cast<std::size_t>(bytes), 0) != bytes) program.clear();
  }
  if (fd >= 0) ::close(fd);
  return program;
}

const std::vector<sock_filter>& NetworkFilter(bool unix_sockets) {
  static const std::vector<sock_filter> none = BuildNetworkFilter(false);
  static const std::vector<sock_filter> local = BuildNetworkFilter(true);
  return unix_sockets ? local : none;
}

void WarnOnceAboutWhatIsMissing(const SandboxSupport& support) {
  static std::once_flag once;
  std::call_once(once, [&] {
    if (support.landlock_abi == 0) {
      log::Warn("sandbox.no_landlock",
                {{"effect",
                  "decoders are not confined to their own files (Linux 5.13+ with "
                  "Landlock enabled confines them)"}});
    }
    if (!support.seccomp) {
      log::Warn("sandbox.no_seccomp", {{"effect", "decoders are not kept off the network"}});
    }
  });
}

}  // namespace

struct PreparedSandbox::Impl {
  struct Rule {
    std::string path;
    std::uint64_t access;
  };
  int abi = 0;
  RulesetAttr attr;
  std::size_t attr_size = sizeof(std::uint64_t);
  std::vector<Rule> rules;
  sock_fprog filter{};
};

PreparedSandbox::PreparedSandbox(const SandboxRules& rules) : impl_(std::make_unique<Impl>()) {
  const SandboxSupport support = SandboxSupported();
  WarnOnceAboutWhatIsMissing(support);
  Impl& s = *impl_;
  s.abi = support.landlock_abi;
  if (s.abi > 0) {
    const std::uint64_t all = HandledFileRights(s.abi);
    s.attr.handled_access_fs = all;
    if (s.abi >= 4) {
      s.attr.handled_access_net = kNetBindTcp | kNetConnectTcp;  // no rule grants either
      s.attr_size = 2 * sizeof(std::uint64_t);
    }
    if (s.abi >= 6) {
      s.attr.scoped = kScopeAbstractUnixSocket | kScopeSignal;
      s.attr_size = sizeof(RulesetAttr);
    }
    const std::uint64_t read = kExecute | kReadFile | kReadDir;
    for (const char* path : kSystemReadable) s.rules.push_back({path, read});
    for (const char* path : kSystemWritable) s.rules.push_back({path, all});
    for (const auto& path : rules.readable) s.rules.push_back({path.string(), read});
    for (const auto& path : rules.writable) s.rules.push_back({path.string(), all});
    for (const auto& path : rules.socket_folders) {
      s.rules.push_back({path.string(), kMakeSock | kRemoveFile});
    }
  }
  const auto& filter = NetworkFilter(rules.unix_sockets);
  if (!filter.empty()) {
    s.filter.len = static_cast<unsigned short>(filter.size());
    s.filter.filter = const_cast<sock_filter*>(filter.data());
  }
}

PreparedSandbox::~PreparedSandbox() = default;

int PreparedSandbox::ApplyInChild() const noexcept {
  const Impl& s = *impl_;
  int ruleset = -1;
  if (s.abi > 0) {
    ruleset = static_cast<int>(::syscall(SYS_landlock_create_ruleset, &s.attr, s.attr_size, 0));
    if (ruleset < 0) return errno;
    for (const auto& rule : s.rules) {
      const int fd = ::open(rule.path.c_str(), O_PATH | O_CLOEXEC);
      if (fd < 0) continue;  // not on this machine: nothing to allow
      struct stat st;
      PathBeneathAttr beneath{.allowed_access = rule.access, .parent_fd = fd};
      if (::fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) beneath.allowed_access &= kFileRights;
      beneath.allowed_access &= s.attr.handled_access_fs;
      const long added = ::syscall(SYS_landlock_add_rule, ruleset, kRulePathBeneath, &beneath, 0);
      const int error = errno;
      ::close(fd);
      if (added != 0) {
        ::close(ruleset);
        return error;
      }
    }
  }
  // Required by both, and what keeps a setuid program from shedding them.
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
  if (ruleset >= 0) {
    const long restricted = ::syscall(SYS_landlock_restrict_self, ruleset, 0);
    const int error = errno;
    ::close(ruleset);
    if (restricted != 0) return error;
  }
  if (s.filter.len > 0 && ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &s.filter) != 0) {
    return errno;
  }
  return 0;
}

SandboxSupport SandboxSupported() {
  static const SandboxSupport support{
      .landlock_abi = LandlockAbi(),
      .seccomp = !NetworkFilter(false).empty() && ::prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0};
  return support;
}

}  // namespace platform
