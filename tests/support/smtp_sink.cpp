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

std::vector<SunkMail> SmtpSink::Messages(std::string_view except_subject) const {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<SunkMail> out;
  for (const auto& file : files) {
    fs::path shown = file;
    shown.replace_extension(".txt");
    SunkMail mail{.raw = Slurp(file), .shown = Slurp(shown)};
    if (!except_subject.empty() &&
        mail.shown.starts_with("Subject: " + std::string(except_subject))) {
      continue;
    }
    out.push_back(std::move(mail));
  }
  return out;
}

std::vector<SunkMail> SmtpSink::AtLeast(std::size_t count, std::string_view except_subject) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  auto mails = Messages(except_subject);
  while (mails.size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    mails = Messages(except_subject);
  }
  return mails;
}

std::string TokenAfter(const SunkMail& mail, std::string_view link) {
  const auto at = mail.shown.find(link);
  if (at == std::string::npos) return "";
  const auto start = at + link.size();
  return mail.shown.substr(start, mail.shown.find_first_of("\n\" <", start) - start);
}

}  // namespace testing_support
