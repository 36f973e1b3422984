#include "platform/core/process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace platform {
namespace {

using namespace std::chrono_literals;

TEST(Process, FindsProgramsOnThePath) {
  EXPECT_TRUE(FindProgram("sh"));
  EXPECT_FALSE(FindProgram("no-such-program-anywhere"));
}

TEST(Process, RunsWithOutputAndExitCode) {
  const auto sh = FindProgram("sh")->string();
  const ProcessResult ok = RunProcess({sh, "-c", "echo hello; echo oops >&2; exit 3"}, 5s);
  EXPECT_EQ(ok.exit_code, 3);
  EXPECT_FALSE(ok.timed_out);
  EXPECT_NE(ok.output.find("hello"), std::string::npos);
  EXPECT_NE(ok.output.find("oops"), std::string::npos);
}

TEST(Process, KilledAfterItsTime) {
  const auto sh = FindProgram("sh")->string();
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult slow = RunProcess({sh, "-c", "exec sleep 10"}, 200ms);
  EXPECT_TRUE(slow.timed_out);
  EXPECT_EQ(slow.exit_code, -1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  const ProcessResult quiet = RunProcess({sh, "-c", "exec sleep 10 >/dev/null 2>&1"}, 200ms);
  EXPECT_TRUE(quiet.timed_out);
  EXPECT_EQ(RunProcess({"/no/such/binary"}, 1s).exit_code, -1);
}

// Whether a process of this pid is alive (a zombie awaiting its reaper counts as gone).
bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto state = line.find(") ");
  return state != std::string::npos && line[state + 2] != 'Z';
}

pid_t ReadPid(const std::filesystem::path& file) {
  pid_t pid = 0;
  std::ifstream(file) >> pid;
  return pid;
}

// LibreOffice's launcher starts the real converter as its child: when the launcher is killed
// at its time, or ends leaving something behind, nothing it started keeps running.
TEST(Process, WhatAProgramStartsEndsWithIt) {
  const auto sh = FindProgram("sh")->string();
  const auto dir =
      std::filesystem::temp_directory_path() / ("process-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto timed = dir / "timed";
  const ProcessResult slow =
      RunProcess({sh, "-c", "sleep 30 & echo $! > " + timed.string() + "; wait"}, 500ms);
  EXPECT_TRUE(slow.timed_out);
  const pid_t grandchild = ReadPid(timed);
  ASSERT_GT(grandchild, 0);
  for (int i = 0; i < 100 && Alive(grandchild); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(Alive(grandchild)) << "the timed-out program's child still runs";

  const auto left = dir / "left";
  const ProcessResult quick =
      RunProcess({sh, "-c", "sleep 30 >/dev/null 2>&1 & echo $! > " + left.string()}, 5s);
  EXPECT_EQ(quick.exit_code, 0);
  EXPECT_FALSE(quick.timed_out);
  const pid_t straggler = ReadPid(left);
  ASSERT_GT(straggler, 0);
  for (int i = 0; i < 100 && Alive(straggler); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(Alive(straggler)) << "what the program left running still runs";
  std::filesystem::remove_all(dir);
}

TEST(Process, CpuTimeLimitEndsABusyProgram) {
  const auto sh = FindProgram("sh")->string();
  const auto started = std::chrono::steady_clock::now();
  const ProcessResult busy =
      RunProcess({sh, "-c", "while :; do :; done"}, {.timeout = 30s, .limits = {.cpu_seconds = 1}});
  EXPECT_FALSE(busy.timed_out);
  EXPECT_TRUE(busy.signal == SIGXCPU || busy.signal == SIGKILL) << busy.signal;
  EXPECT_EQ(busy.exit_code, -1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(Process, MemoryAndFileLimitsHold) {
  const auto awk = FindProgram("awk")->string();
  // 200 MB of string under a 64 MiB limit: the allocation fails, the program ends.
  const ProcessResult hungry =
      RunProcess({awk, "BEGIN { s = sprintf(\"%200000000s\", \"\"); print length(s) }"},
                 {.timeout = 30s, .limits = {.memory_bytes = 64 << 20}});
  EXPECT_NE(hungry.exit_code, 0);
  EXPECT_EQ(hungry.output.find("200000000"), std::string::npos);

  const auto dir =
      std::filesystem::temp_directory_path() / ("process-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const ProcessResult big = RunProcess({FindProgram("dd")->string(), "if=/dev/zero",
                                        "of=" + (dir / "out").string(), "bs=1048576", "count=4"},
                                       {.timeout = 30s, .limits = {.file_bytes = 1 << 20}});
  EXPECT_EQ(big.signal, SIGXFSZ);
  EXPECT_LE(std::filesystem::file_size(dir / "out"), 1u << 20);
  std::filesystem::remove_all(dir);
}

TEST(Process, RunsAtALowerPriority) {
  const auto sh = FindProgram("sh")->string();
  const ProcessResult run =
      RunProcess({sh, "-c", "cut -d' ' -f19 /proc/self/stat"}, {.limits = {.nice = 10}});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.output, "10\n");
}

TEST(Process, HandsStdoutLinesOverAndStopsWhenAsked) {
  const auto sh = FindProgram("sh")->string();
  std::vector<std::string> seen;
  const ProcessResult all =
      RunProcess({sh, "-c", "printf 'a\\nb\\n'; echo err >&2; printf c"},
                 {.timeout = 5s, .on_stdout_line = [&](std::string_view line) {
                    seen.emplace_back(line);
                    return true;
                  }});
  EXPECT_EQ(all.exit_code, 0);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));  // "c" never ended its line
  EXPECT_EQ(all.output, "err\n");

  const auto started = std::chrono::steady_clock::now();
  const ProcessResult stopped = RunProcess(
      {sh, "-c", "echo go; exec sleep 10"},
      {.timeout = 30s, .on_stdout_line = [](std::string_view line) { return line != "go"; }});
  EXPECT_TRUE(stopped.stopped);
  EXPECT_EQ(stopped.exit_code, -1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

}  // namespace
}  // namespace platform
