#pragma once

// Running a helper program (LibreOffice for presentations) with a time limit. Blocking: call
// from worker threads.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace platform {

// The program's full path if an executable of that name is on PATH.
std::optional<std::filesystem::path> FindProgram(std::string_view name);

struct ProcessResult {
  int exit_code = -1;      // -1 when it was killed or could not start
  bool timed_out = false;  // killed after the time limit
  std::string output;      // stdout and stderr, at most the first 64 KiB
};

// Runs argv[0] (a path) with its arguments, no shell; kills it after `timeout`.
ProcessResult RunProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                         const std::filesystem::path& working_dir = {});

}  // namespace platform
