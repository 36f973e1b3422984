#pragma once

// WebSocket plumbing for product modules, without Beast in sight.
//
// A route with `websocket` set accepts upgrades. Its WebSocketAccept runs first with the
// upgrade request: it returns either a Response (the upgrade is refused with it) or the
// WebSocketHandler that will serve the connection. The handler is called on the
// connection's event loop, one call at a time; OnMessage is awaited before the next frame is
// read, so a handler that awaits slows only its own socket (one that blocks would stall its
// whole loop: never block).
//
// Fan-out: serialize a message once (MakePayload) and Send the same Payload to every socket.
// Each socket has one write in flight and a capped queue; a consumer too slow to keep its
// queue under the cap is disconnected rather than buffered without end.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace platform::net {

class Request;
struct Response;

using Payload = std::shared_ptr<const std::string>;
inline Payload MakePayload(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

// Close codes the platform itself uses (RFC 6455 §7.4.1).
namespace close_code {
inline constexpr std::uint16_t kNormal = 1000;
inline constexpr std::uint16_t kGoingAway = 1001;
inline constexpr std::uint16_t kUnsupportedData = 1003;
inline constexpr std::uint16_t kPolicy = 1008;
inline constexpr std::uint16_t kTooBig = 1009;
inline constexpr std::uint16_t kInternalError = 1011;
}  // namespace close_code

struct WebSocketOptions {
  std::size_t max_message_bytes = 64 * 1024;  // larger frames close the socket with 1009
  std::size_t max_queued_messages = 1024;     // outbound; beyond either cap the peer is
  std::size_t max_queued_bytes = 4 << 20;     // too slow and is disconnected
  // Pinged at half of it, closed at all of it. Zero: no pings and no idle timer, for a
  // handler that watches its peers itself (a timer per idle socket costs ~0.25 KiB).
  std::chrono::seconds idle_timeout{60};
  // How long the opening handshake, and a close (what is queued before it, then the peer's
  // answer), may take before the connection is cut.
  std::chrono::seconds handshake_timeout{10};
};

// A live connection. Thread-safe: Send and Close may be called from any thread.
class WebSocket {
 public:
  virtual ~WebSocket() = default;
  // Queues a text frame. Ignored once the socket is closing.
  virtual void Send(Payload message) = 0;
  // Sends a close frame after what is already queued, then ends the connection.
  virtual void Close(std::uint16_t code, std::string reason) = 0;
  virtual const std::string& remote_address() const = 0;
  virtual std::uint64_t id() const = 0;
};

// Sends one message to many sockets (a fan-out): grouped by event loop, one hand-over per loop
// instead of one per socket, so 10,000 clients cost two queue operations, not 10,000.
void SendToMany(const std::vector<std::shared_ptr<WebSocket>>& sockets, const Payload& message);

class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  // Called once, before any message; `socket` stays valid for as long as it is held.
  virtual boost::asio::awaitable<void> OnOpen(std::shared_ptr<WebSocket> socket) = 0;
  // A complete text message. Binary messages close the socket with 1003.
  virtual boost::asio::awaitable<void> OnMessage(std::string message) = 0;
  // A ping from the peer, which the platform answers. A handler that limits what its peer
  // sends (FloodGuard) counts it too: pings are not free to answer.
  virtual void OnPing() {}
  // Called once at the end, whatever ended it. `code` is the peer's close code when it sent
  // one, else 1006 (abnormal closure).
  virtual void OnClose(std::uint16_t code) = 0;
};

using WebSocketAcceptResult = std::variant<Response, std::shared_ptr<WebSocketHandler>>;
using WebSocketAccept = std::function<boost::asio::awaitable<WebSocketAcceptResult>(Request&)>;

}  // namespace platform::net
