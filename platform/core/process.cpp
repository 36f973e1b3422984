#include "platform/core/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>

extern char** environ;

namespace platform {

namespace {

constexpr std::size_t kMaxOutputBytes = 64 * 1024;
constexpr std::size_t kMaxLineBytes = 64 * 1024;

void SetLimit(int resource, const std::optional<std::int64_t>& value) {
  if (!value) return;
  const auto v = static_cast<rlim_t>(*value);
  const rlimit limit{v, v};
  ::setrlimit(resource, &limit);
}

// In the child, between fork and exec: only async-signal-safe calls (plain system calls).
// A failed exec is reported on `exec_fd` (close-on-exec: it closes unread when exec works).
[[noreturn]] void BecomeProgram(char** args, char** env, int out_fd, int err_fd, int exec_fd,
                                const char* working_dir, const ProcessLimits& limits,
                                const PreparedSandbox* sandbox) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::setpgid(0, 0);  // its own process group: whatever it starts goes with it
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  if (working_dir != nullptr && ::chdir(working_dir) != 0) ::_exit(127);
  // The hard CPU limit a second above the soft one: the program gets SIGXCPU (its CPU time
  // ran out) rather than a SIGKILL that could be anything.
  if (limits.cpu_seconds) {
    const auto soft = static_cast<rlim_t>(*limits.cpu_seconds);
    const rlimit cpu{soft, soft + 1};
    ::setrlimit(RLIMIT_CPU, &cpu);
  }
  SetLimit(RLIMIT_DATA, limits.memory_bytes);
  SetLimit(RLIMIT_FSIZE, limits.file_bytes);
  if (limits.nice > 0) ::setpriority(PRIO_PROCESS, 0, limits.nice);
  // The server may block signals in its threads; the program starts with none blocked.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  int error = sandbox != nullptr ? sandbox->ApplyInChild() : 0;
  if (error == 0) {
    ::execve(args[0], args, env);
    error = errno;
  }
  [[maybe_unused]] const auto written = ::write(exec_fd, &error, sizeof error);
  ::_exit(127);
}

// The program and everything it started (its process group; the program itself too, in
// case it has not made its group yet).
void KillGroup(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
}

// The server's environment with `overrides` (NAME=VALUE) set on top, for execve.
std::vector<char*> Environment(const std::vector<std::string>& overrides) {
  std::vector<char*> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view current(*entry);
    const auto name = current.substr(0, current.find('=') + 1);
    const bool replaced = std::any_of(overrides.begin(), overrides.end(),
                                      [&](const std::string& o) { return o.starts_with(name); });
    if (!replaced) env.push_back(*entry);
  }
  for (const auto& o : overrides) env.push_back(const_cast<char*>(o.c_str()));
  env.push_back(nullptr);
  return env;
}

// Splits what arrives on stdout into lines for the handler.
class LineSplitter {
 public:
  explicit LineSplitter(const std::function<bool(std::string_view)>& handler) : handler_(handler) {}
  // False once the handler asked to stop.
  bool Feed(std::string_view bytes) {
    pending_.append(bytes);
    std::size_t start = 0;
    for (auto end = pending_.find('\n'); end != std::string::npos;
         end = pending_.find('\n', start)) {
      if (!handler_(std::string_view(pending_).substr(start, end - start))) return false;
      start = end + 1;
    }
    pending_.erase(0, start);
    if (pending_.size() > kMaxLineBytes) pending_.clear();  // no line is that long: noise
    return true;
  }

 private:
  const std::function<bool(std::string_view)>& handler_;
  std::string pending_;
};

}  // namespace

std::optional<std::filesystem::path> FindProgram(std::string_view name) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    const auto colon = dirs.find(':');
    const std::filesystem::path candidate =
        std::filesystem::path(std::string(dirs.substr(0, colon))) / std::string(name);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult result;
  const bool split_stdout = static_cast<bool>(options.on_stdout_line);
  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return result;
  int out_pipe[2] = {err_pipe[0], err_pipe[1]};
  int exec_pipe[2] = {-1, -1};
  if ((split_stdout && ::pipe2(out_pipe, O_CLOEXEC) != 0) || ::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    for (const int fd : {err_pipe[0], err_pipe[1], exec_pipe[0], exec_pipe[1]}) {
      if (fd >= 0) ::close(fd);
    }
    if (split_stdout && out_pipe[0] != err_pipe[0]) {
      ::close(out_pipe[0]);
      ::close(out_pipe[1]);
    }
    return result;
  }
  // Everything the child needs is made before fork: after it, no allocation.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string dir = options.working_dir.string();
  std::vector<char*> env = Environment(options.environment);
  std::optional<PreparedSandbox> sandbox;
  if (options.sandbox) sandbox.emplace(*options.sandbox);
  const pid_t pid = ::fork();
  if (pid == 0) {
    BecomeProgram(args.data(), env.data(), out_pipe[1], err_pipe[1], exec_pipe[1],
                  dir.empty() ? nullptr : dir.c_str(), options.limits,
                  sandbox ? &*sandbox : nullptr);
  }
  if (pid > 0) ::setpgid(pid, pid);  // here too, so a kill right away reaches the group
  ::close(err_pipe[1]);
  ::close(exec_pipe[1]);
  if (split_stdout) ::close(out_pipe[1]);
  int exec_error = 0;
  const bool exec_failed =
      pid < 0 || ::read(exec_pipe[0], &exec_error, sizeof exec_error) == sizeof exec_error;
  ::close(exec_pipe[0]);
  if (exec_failed) {
    ::close(err_pipe[0]);
    if (split_stdout) ::close(out_pipe[0]);
    if (pid > 0) ::waitpid(pid, nullptr, 0);
    result.output = "cannot start " + argv[0];
    return result;
  }

  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  LineSplitter lines(options.on_stdout_line);
  std::array<pollfd, 2> fds{pollfd{err_pipe[0], POLLIN, 0},
                            pollfd{split_stdout ? out_pipe[0] : -1, POLLIN, 0}};
  std::size_t open_fds = split_stdout ? 2 : 1;
  char buffer[8192];
  while (open_fds > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      KillGroup(pid);
      result.timed_out = true;
      break;
    }
    if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) <= 0) continue;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {  // closed: the program is ending
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
        continue;
      }
      const std::string_view bytes(buffer, static_cast<std::size_t>(n));
      if (i == 1) {
        if (!lines.Feed(bytes)) {
          KillGroup(pid);
          result.stopped = true;
          open_fds = 0;
          break;
        }
      } else if (result.output.size() < kMaxOutputBytes) {
        result.output.append(bytes);
      }
    }
  }
  for (const auto& p : fds) {
    if (p.fd >= 0) ::close(p.fd);
  }
  // Output closed is not exit: the program still gets only what is left of its time. It is
  // waited for without being reaped (its pid stays its own), then whatever it started and
  // left running is killed with its group, then it is reaped.
  for (;;) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
        info.si_pid != 0) {
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      KillGroup(pid);
      result.timed_out = true;
      break;
    }
    ::usleep(10'000);
  }
  ::kill(-pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (!result.timed_out && !result.stopped && WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

}  // namespace platform
