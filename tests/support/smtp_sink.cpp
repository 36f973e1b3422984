#include "tests/support/smtp_sink.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/support.hpp"

namespace testing_support {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

std::string Slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

unsigned short UnusedPort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

SmtpSink::SmtpSink(const fs::path& dir, unsigned short port, std::vector<std::string> extra_args)
    : dir_(dir) {
  fs::create_directories(dir_);
  // Debian's python3, whatever else is first on PATH: aiosmtpd is its package.
  std::vector<std::string> args = {"/usr/bin/python3", SMTP_SINK_SCRIPT, "--dir",
                                   dir_.string(),      "--port",         std::to_string(port)};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  pid_ = SpawnUntilReady(std::move(args), dir_);
}

SmtpSink::~SmtpSink() {
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

std::vector<SunkMail> SmtpSink::Messages() const {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<SunkMail> out;
  for (const auto& file : files) {
    fs::path shown = file;
    shown.replace_extension(".txt");
    out.push_back({.raw = Slurp(file), .shown = Slurp(shown)});
  }
  return out;
}

}  // namespace testing_support
