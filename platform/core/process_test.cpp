#include "platform/core/process.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace platform
