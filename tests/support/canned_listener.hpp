#pragma once

// A TCP listener on 127.0.0.1 that answers every connection with the same canned bytes
// (after reading the request's first piece) and counts the connections: the far end of a
// client under test that must be made to misbehave (an S3 service repeating itself, a
// redirect to a forbidden address), which no real server will do on request.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

namespace testing_support {

// Answers every connection on 127.0.0.1 with `response` and counts them.
class CannedListener {
 public:
  explicit CannedListener(std::string response) : response_(std::move(response)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 16);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~CannedListener() {
    stopping_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string port() const { return std::to_string(port_); }
  int connections() const { return connections_; }

 private:
  void Serve() {
    while (!stopping_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      ++connections_;
      char request[4096];
      [[maybe_unused]] const auto n = ::recv(client, request, sizeof request, 0);
      [[maybe_unused]] const auto sent = ::send(client, response_.data(), response_.size(), 0);
      ::close(client);
    }
  }

  std::string response_;
  int fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace testing_support
