#pragma once

// Confinement for a program run on an untrusted file (an image decoder, LibreOffice, FFmpeg):
// what it may read, where it may write, and no network. A decoder a hostile file takes over
// can then spoil its own output, but not read the database, the secrets or other customers'
// files, nor reach the network. Used through ProcessOptions::sandbox (process.hpp).
//
// Two kernel features, each used where the kernel has it:
// * Landlock (Linux 5.13+): files. Only the system's own folders (programs, libraries, fonts,
//   the dynamic loader's cache) and the paths named in the rules, and, from Linux 6.7, no
//   TCP connect or bind at all.
// * seccomp (libseccomp builds the filter): no sockets (or only local ones, when asked).
// Both are inherited by everything the program starts and cannot be lifted by it.

#include <filesystem>
#include <memory>
#include <vector>

namespace platform {

struct SandboxRules {
  std::vector<std::filesystem::path> readable;  // files or folders it may read (and run)
  std::vector<std::filesystem::path> writable;  // folders it may read, write and create in
  // By default the program may open no socket at all. A program that cannot run without a
  // local (AF_UNIX) one (LibreOffice's own IPC pipe, which it makes in /tmp whatever TMPDIR
  // says, and removes when it ends) is given them, and the folders it may make them in (and
  // remove files from: Landlock has no right for sockets alone). It could then also reach
  // other local servers' sockets and remove files in those folders: never give it to a
  // decoder that does not need it.
  bool unix_sockets = false;
  std::vector<std::filesystem::path> socket_folders;
};

// Rules turned into what the child applies between fork and exec, where it may only make
// system calls. Made in the parent (which may allocate).
class PreparedSandbox {
 public:
  explicit PreparedSandbox(const SandboxRules& rules);
  ~PreparedSandbox();
  PreparedSandbox(const PreparedSandbox&) = delete;
  PreparedSandbox& operator=(const PreparedSandbox&) = delete;

  // In the child: confines it for good, or returns the errno that stopped it (the program
  // must then not run). Async-signal-safe.
  int ApplyInChild() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What this kernel lets the sandbox enforce (the rest is skipped, logged once as a warning).
struct SandboxSupport {
  int landlock_abi = 0;  // 0: no Landlock (files not confined); 4+: TCP confined too
  bool seccomp = false;  // sockets confined
};
SandboxSupport SandboxSupported();

}  // namespace platform
