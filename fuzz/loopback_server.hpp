#pragma once

// What the harnesses that feed a real HttpServer share: the server on a free loopback port
// with short timeouts (an input that stalls is cut in half a second, not libFuzzer's hang
// limit), and the client side of one input's connection.

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "platform/net/server.hpp"

namespace fuzzing {

// One event loop, no access log, half-second header, idle and body limits. `drain` is how
// long Stop waits for sockets still closing (WebSocket close handshakes).
inline platform::net::ServerOptions QuickServerOptions(
    std::chrono::milliseconds drain = std::chrono::milliseconds(0)) {
  platform::net::ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.access_log = false;
  options.header_timeout = std::chrono::milliseconds(500);
  options.idle_timeout = std::chrono::milliseconds(500);
  options.body_grace = std::chrono::milliseconds(500);
  options.body_timeout = std::chrono::milliseconds(500);
  options.drain_timeout = drain;
  return options;
}

// The running server and the router it answers with (routes added before Start).
struct LoopbackServer {
  platform::net::Router router;
  platform::net::Metrics metrics;
  std::unique_ptr<platform::net::HttpServer> server;
  std::uint16_t port = 0;

  void Start(const platform::net::ServerOptions& options) {
    metrics.Bind(router);
    server = std::make_unique<platform::net::HttpServer>(options, router, metrics);
    server->Start();
    port = server->port();
  }
  ~LoopbackServer() {
    if (server) server->Stop();
  }
};

// One input's connection: connected at construction (fd() < 0 if that failed), closed at the
// end; every read and write gives up after 3 s.
class Connection {
 public:
  explicit Connection(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) return;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval wait{.tv_sec = 3, .tv_usec = 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool ok() const { return fd_ >= 0; }

  bool Send(std::string_view bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads until the end of a response head ("\r\n\r\n"), the close, or the timeout.
  void ReadHead() {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      head.append(buffer, static_cast<std::size_t>(n));
    }
  }

  // Says it is done sending, then reads (and drops) what comes until the server closes.
  void FinishAndDrain() {
    ::shutdown(fd_, SHUT_WR);
    char buffer[16 * 1024];
    while (::recv(fd_, buffer, sizeof buffer, 0) > 0) {
    }
  }

 private:
  int fd_;
};

// The opening handshake of a WebSocket upgrade to `target` (always valid).
inline std::string UpgradeRequest(std::string_view target) {
  return "GET " + std::string(target) +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
}

// A masked client frame of `opcode` (0x1 text, 0x9 ping) carrying `payload` (under 64 KiB).
// Clients must mask; the key is fixed, which the server does not mind.
inline std::string MaskedFrame(std::uint8_t opcode, std::string_view payload) {
  std::string frame(1, static_cast<char>(0x80 | opcode));
  if (payload.size() < 126) {
    frame += static_cast<char>(0x80 | payload.size());
  } else {
    frame += static_cast<char>(0x80 | 126);
    frame += static_cast<char>((payload.size() >> 8) & 0xFF);
    frame += static_cast<char>(payload.size() & 0xFF);
  }
  constexpr char kKey[4] = {0x01, 0x02, 0x03, 0x04};
  frame.append(kKey, 4);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    frame += static_cast<char>(payload[i] ^ kKey[i % 4]);
  }
  return frame;
}

}  // namespace fuzzing
