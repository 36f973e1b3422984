// The sandbox against real programs (the shell playing a decoder a hostile file took over):
// what it may not read, write or reach, and that it still runs with what it is given.

#include "platform/core/sandbox.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "platform/core/process.hpp"

namespace platform {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SandboxTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sandbox-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "out");
    Write(dir_ / "in.txt", "the input\n");
    Write(dir_ / "secret.txt", "another customer's file\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void Write(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

  ProcessResult RunConfined(const std::string& script) const {
    return RunProcess(
        {FindProgram("bash")->string(), "-c", script},
        {.timeout = 20s,
         .sandbox = SandboxRules{.readable = {dir_ / "in.txt"}, .writable = {dir_ / "out"}}});
  }

  fs::path dir_;
};

TEST_F(SandboxTest, ReadsItsInputAndWritesItsOutputButNothingElse) {
  if (SandboxSupported().landlock_abi == 0) GTEST_SKIP() << "no Landlock in this kernel";
  const std::string d = dir_.string();
  const ProcessResult run = RunConfined("cat " + d + "/in.txt && echo made > " + d +
                                        "/out/made && mkdir " + d + "/out/sub && echo ok");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("the input"), std::string::npos) << run.output;
  EXPECT_TRUE(fs::exists(dir_ / "out" / "made"));
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "sub"));

  // Beside its input, elsewhere in the same folder, the system's secrets, other processes.
  for (const std::string& forbidden :
       {d + "/secret.txt", std::string("/etc/shadow"), std::string("/proc/1/environ")}) {
    if (!fs::exists(forbidden)) continue;
    const ProcessResult read = RunConfined("cat " + forbidden);
    EXPECT_NE(read.exit_code, 0) << forbidden;
    EXPECT_EQ(read.output.find("customer"), std::string::npos);
  }
  const ProcessResult write = RunConfined("echo x > " + d + "/elsewhere");
  EXPECT_NE(write.exit_code, 0);
  EXPECT_FALSE(fs::exists(dir_ / "elsewhere"));
  const ProcessResult overwrite = RunConfined("echo x > " + d + "/in.txt");
  EXPECT_NE(overwrite.exit_code, 0);
  const ProcessResult tmp = RunConfined("echo x > /tmp/sandbox-test-escape-$$");
  EXPECT_NE(tmp.exit_code, 0);
}

TEST_F(SandboxTest, ReachesNoNetwork) {
  if (!SandboxSupported().seccomp) GTEST_SKIP() << "no seccomp in this kernel";
  // A listener the confined program tries to reach.
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 8), 0);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string port = std::to_string(ntohs(address.sin_port));
  const std::string connect = "exec 3<>/dev/tcp/127.0.0.1/" + port + " && echo connected";

  const ProcessResult confined = RunConfined(connect);
  EXPECT_NE(confined.exit_code, 0);
  EXPECT_EQ(confined.output.find("connected"), std::string::npos) << confined.output;
  const ProcessResult udp = RunConfined("echo x > /dev/udp/127.0.0.1/" + port + " && echo sent");
  EXPECT_EQ(udp.output.find("sent"), std::string::npos) << udp.output;
  EXPECT_LT(::accept(listener, nullptr, nullptr), 0) << "nothing got through";

  // The same script outside the sandbox does connect: the refusal above is the sandbox's.
  const ProcessResult free =
      RunProcess({FindProgram("bash")->string(), "-c", connect}, {.timeout = 20s});
  EXPECT_EQ(free.exit_code, 0) << free.output;
  ::close(listener);
}

// Whether a socket of `domain` can be opened once confined by `rules` (in a child process).
bool OpensSocket(const SandboxRules& rules, int domain, int type = SOCK_STREAM) {
  const PreparedSandbox sandbox(rules);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (sandbox.ApplyInChild() != 0) ::_exit(2);
    ::_exit(::socket(domain, type, 0) >= 0 ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 2) << "the sandbox did not apply";
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

TEST_F(SandboxTest, NoSocketAtAllUnlessLocalOnesAreAskedFor) {
  if (!SandboxSupported().seccomp) GTEST_SKIP() << "no seccomp in this kernel";
  const SandboxRules none;
  EXPECT_FALSE(OpensSocket(none, AF_UNIX));
  EXPECT_FALSE(OpensSocket(none, AF_INET));
  EXPECT_FALSE(OpensSocket(none, AF_INET6, SOCK_DGRAM));
  const SandboxRules local{.unix_sockets = true};
  EXPECT_TRUE(OpensSocket(local, AF_UNIX));
  EXPECT_FALSE(OpensSocket(local, AF_INET));
  EXPECT_FALSE(OpensSocket(local, AF_INET6));
  EXPECT_FALSE(OpensSocket(local, AF_INET, SOCK_DGRAM));
  EXPECT_FALSE(OpensSocket(local, AF_NETLINK, SOCK_RAW));
  EXPECT_FALSE(OpensSocket(local, AF_PACKET, SOCK_RAW));
}

// What a confined child can do in a folder given for sockets: bit 1 when it made a local
// socket at `socket`, bit 2 when it read `file`.
int InSocketFolder(const SandboxRules& rules, const fs::path& socket, const fs::path& file) {
  const PreparedSandbox sandbox(rules);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (sandbox.ApplyInChild() != 0) ::_exit(100);
    int done = 0;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0)
      done |= 1;
    if (::open(file.c_str(), O_RDONLY) >= 0) done |= 2;
    ::_exit(done);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(SandboxTest, ASocketFolderTakesSocketsButGivesNoFileAway) {
  if (SandboxSupported().landlock_abi == 0) GTEST_SKIP() << "no Landlock in this kernel";
  fs::create_directories(dir_ / "sockets");
  Write(dir_ / "sockets" / "left.txt", "someone else's file");
  const SandboxRules rules{.unix_sockets = true, .socket_folders = {dir_ / "sockets"}};
  EXPECT_EQ(InSocketFolder(rules, dir_ / "sockets" / "pipe", dir_ / "sockets" / "left.txt"), 1)
      << "a socket in its folder, and no reading what else is there";
  EXPECT_EQ(InSocketFolder(rules, dir_ / "out" / "pipe", dir_ / "in.txt"), 0)
      << "no socket anywhere else";
}

TEST_F(SandboxTest, WhatItStartsIsConfinedToo) {
  if (SandboxSupported().landlock_abi == 0) GTEST_SKIP() << "no Landlock in this kernel";
  // A child program of the confined one (a shell starting `cat`) inherits every rule.
  const ProcessResult run = RunConfined("bash -c 'cat " + dir_.string() + "/secret.txt'");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_EQ(run.output.find("customer"), std::string::npos);
}

TEST_F(SandboxTest, EnvironmentEntriesAreSetOnTop) {
  const ProcessResult run =
      RunProcess({FindProgram("sh")->string(), "-c", "echo \"$HOME|$SANDBOX_TEST\""},
                 {.timeout = 5s, .environment = {"HOME=/nowhere", "SANDBOX_TEST=yes"}});
  EXPECT_EQ(run.output, "/nowhere|yes\n");
}

}  // namespace
}  // namespace platform
