#pragma once

// Running a helper program (LibreOffice, FFmpeg, media-helper) with a time limit, and, for
// work on untrusted files, with limits on what it may take: CPU time, memory, the size of
// the files it writes, and a lower priority than the server's own threads. Blocking: call
// from worker threads.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/sandbox.hpp"

namespace platform {

// The program's full path if an executable of that name is on PATH.
std::optional<std::filesystem::path> FindProgram(std::string_view name);

struct ProcessResult {
  int exit_code = -1;      // -1 when it was killed or could not start
  bool timed_out = false;  // killed after the time limit
  bool stopped = false;    // killed because the line handler asked for it
  int signal = 0;          // the signal that ended it (SIGXCPU: its CPU time ran out)
  std::string output;      // stderr (and stdout, unless lines are handled), first 64 KiB
};

// Enforced by the kernel on the program (setrlimit in the child before exec).
struct ProcessLimits {
  std::optional<std::int64_t> cpu_seconds;   // then SIGXCPU (counts every thread)
  std::optional<std::int64_t> memory_bytes;  // heap and anonymous maps: allocations fail
  std::optional<std::int64_t> file_bytes;    // the largest file it may write (then SIGXFSZ)
  int nice = 0;                              // 0..19: how much lower its priority is
};

struct ProcessOptions {
  std::chrono::milliseconds timeout{60'000};  // wall time; killed after it
  std::filesystem::path working_dir;
  ProcessLimits limits;
  // When set, each line the program writes to stdout, as it comes (progress reports);
  // returning false kills the program (stopped). stdout is then not part of `output`.
  std::function<bool(std::string_view line)> on_stdout_line;
  // When set, the program and all it starts are confined (sandbox.hpp): the system's own
  // folders and these paths only, no network. A program that cannot be confined where the
  // kernel can does not run (exit_code -1).
  std::optional<SandboxRules> sandbox;
  // NAME=VALUE entries set for the program on top of the server's environment.
  std::vector<std::string> environment;
};

// Runs argv[0] (a path) with its arguments, no shell, stdin empty. The program dies with
// the thread that started it (a server that crashes leaves no transcoder behind).
ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options);
inline ProcessResult RunProcess(const std::vector<std::string>& argv,
                                std::chrono::milliseconds timeout,
                                const std::filesystem::path& working_dir = {}) {
  return RunProcess(argv, ProcessOptions{.timeout = timeout, .working_dir = working_dir});
}

}  // namespace platform
