#include "platform/net/websocket.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "platform/net/test_server.hpp"
#include "tests/support/support.hpp"

namespace platform::net {
namespace {

using boost::asio::awaitable;
using testing_support::WsClient;

// Echoes every message; "broadcast:X" sends X to every open socket (one shared payload);
// "close" closes with 4000; "throw" throws from the handler.
class Hub {
 public:
  void Join(std::shared_ptr<WebSocket> s) {
    std::lock_guard lock(mutex_);
    sockets_.insert(std::move(s));
  }
  void Leave(const std::shared_ptr<WebSocket>& s) {
    std::lock_guard lock(mutex_);
    sockets_.erase(s);
  }
  void Broadcast(const std::string& text) {
    const Payload payload = MakePayload(text);  // serialized once for every receiver
    std::vector<std::shared_ptr<WebSocket>> targets;
    {
      std::lock_guard lock(mutex_);
      targets.assign(sockets_.begin(), sockets_.end());
    }
    for (auto& s : targets) s->Send(payload);  // never while holding the lock
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return sockets_.size();
  }
  std::atomic<int> closed_with{0};

 private:
  std::mutex mutex_;
  std::set<std::shared_ptr<WebSocket>> sockets_;
};

class EchoHandler : public WebSocketHandler {
 public:
  explicit EchoHandler(Hub& hub) : hub_(hub) {}
  awaitable<void> OnOpen(std::shared_ptr<WebSocket> socket) override {
    socket_ = std::move(socket);
    hub_.Join(socket_);
    socket_->Send(MakePayload("welcome"));
    co_return;
  }
  awaitable<void> OnMessage(std::string message) override {
    if (message.starts_with("broadcast:")) {
      hub_.Broadcast(message.substr(10));
    } else if (message == "close") {
      socket_->Close(4000, "asked to");
    } else if (message == "close-from-another-thread") {
      std::thread([socket = socket_] { socket->Close(4000, "asked to"); }).join();
    } else if (message == "throw") {
      throw std::runtime_error("handler bug");
    } else if (message.starts_with("flood:")) {
      const int n = std::stoi(message.substr(6));
      const Payload big = MakePayload(std::string(64 * 1024, 'x'));
      for (int i = 0; i < n; ++i) socket_->Send(big);
    } else {
      socket_->Send(MakePayload(message));
    }
    co_return;
  }
  void OnClose(std::uint16_t code) override {
    hub_.closed_with = code;
    hub_.Leave(socket_);
    socket_.reset();
  }

 private:
  Hub& hub_;
  std::shared_ptr<WebSocket> socket_;
};

class WebSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.router.Add(
        {.method = Method::kGet,
         .pattern = "/ws",
         .websocket = [this](Request& req) -> awaitable<WebSocketAcceptResult> {
           if (req.Header("Origin") == "https://evil.example") {
             co_return Response::FromError(Error(errors::kForbidden, "origin not allowed"));
           }
           co_return std::make_shared<EchoHandler>(hub_);
         },
         .websocket_options = {
             .max_message_bytes = 1024, .max_queued_messages = 64, .max_queued_bytes = 1 << 20}});
    server_.Start();
  }
  unsigned short port() { return server_.port(); }
  Hub hub_;
  TestServer server_;
};

TEST_F(WebSocketTest, EchoesTextMessages) {
  WsClient ws(port(), "/ws");
  EXPECT_EQ(ws.Read(), "welcome");
  ws.Send("hello");
  EXPECT_EQ(ws.Read(), "hello");
  ws.Send(std::string(1000, 'y'));
  EXPECT_EQ(ws.Read()->size(), 1000u);
}

TEST_F(WebSocketTest, FanOutReachesEverySocket) {
  std::vector<std::unique_ptr<WsClient>> clients;
  for (int i = 0; i < 20; ++i) {
    clients.push_back(std::make_unique<WsClient>(port(), "/ws"));
    ASSERT_EQ(clients.back()->Read(), "welcome");
  }
  while (hub_.size() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  clients[0]->Send("broadcast:news");
  for (auto& c : clients) EXPECT_EQ(c->Read(), "news");
}

TEST_F(WebSocketTest, OversizedFrameClosesWith1009) {
  WsClient ws(port(), "/ws");
  ws.Read();
  // Over the 1 KiB limit, yet written by the client in one piece (it writes in 4 KiB chunks:
  // a larger frame would race the server's close with its own second write).
  ws.Send(std::string(2000, 'z'));
  EXPECT_EQ(ws.Read(), std::nullopt);
  EXPECT_EQ(ws.close_code(), 1009);
}

TEST_F(WebSocketTest, BinaryFramesCloseWith1003) {
  WsClient ws(port(), "/ws");
  ws.Read();
  ws.SendBinary("\x01\x02");
  EXPECT_EQ(ws.Read(), std::nullopt);
  EXPECT_EQ(ws.close_code(), 1003);
}

TEST_F(WebSocketTest, ServerCloseCarriesItsCode) {
  WsClient ws(port(), "/ws");
  ws.Read();
  ws.Send("close");
  EXPECT_EQ(ws.Read(), std::nullopt);
  EXPECT_EQ(ws.close_code(), 4000);
}

TEST_F(WebSocketTest, HandlerExceptionClosesWith1011AndTheServerLivesOn) {
  WsClient ws(port(), "/ws");
  ws.Read();
  ws.Send("throw");
  EXPECT_EQ(ws.Read(), std::nullopt);
  EXPECT_EQ(ws.close_code(), 1011);
  WsClient again(port(), "/ws");
  EXPECT_EQ(again.Read(), "welcome");
}

TEST_F(WebSocketTest, ASlowConsumerIsDisconnected) {
  WsClient ws(port(), "/ws");
  ws.Read();
  // 64 KiB × 400 = 25 MiB queued to a client that reads nothing: over the 1 MiB / 64 cap.
  ws.Send("flood:400");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Reading now drains what the kernel buffered, then finds the connection gone.
  int received = 0;
  while (ws.Read(std::chrono::milliseconds(2000))) ++received;
  EXPECT_LT(received, 400);
  while (hub_.size() != 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

TEST_F(WebSocketTest, TheAcceptHookCanRefuseTheUpgrade) {
  EXPECT_EQ(testing_support::UpgradeStatus(port(), "/ws", {{"Origin", "https://evil.example"}}),
            403);
  EXPECT_EQ(testing_support::UpgradeStatus(port(), "/ws"), 101);
}

TEST_F(WebSocketTest, PlainHttpOnAWebSocketRouteIs426) {
  testing_support::HttpClient client(port());
  const auto r = client.Get("/ws");
  EXPECT_EQ(r.status, 426);
  EXPECT_EQ(r.Json().at("error").at("code").as_string(), "UPGRADE_REQUIRED");
}

TEST_F(WebSocketTest, StopClosesSocketsWith1001) {
  WsClient ws(port(), "/ws");
  ws.Read();
  std::thread stopper([&] { server_.server->Stop(); });
  EXPECT_EQ(ws.Read(), std::nullopt);
  EXPECT_EQ(ws.close_code(), 1001);
  stopper.join();
  server_.server.reset();
}

TEST_F(WebSocketTest, MetricsCountOpenSockets) {
  WsClient a(port(), "/ws"), b(port(), "/ws");
  a.Read();
  b.Read();
  EXPECT_NE(server_.metrics.Render().find("http_open_websockets 2"), std::string::npos);
}

}  // namespace
}  // namespace platform::net

namespace platform::net {
namespace {

// `/ws` answered by EchoHandler with these options.
void StartEchoServer(TestServer& server, Hub& hub, WebSocketOptions options) {
  server.router.Add({.method = Method::kGet,
                     .pattern = "/ws",
                     .websocket = [&hub](Request&) -> awaitable<WebSocketAcceptResult> {
                       co_return std::make_shared<EchoHandler>(hub);
                     },
                     .websocket_options = options});
  server.Start();
}

// Keep-alive: the server pings an idle socket at half the idle timeout; a peer that answers
// stays, a peer that answers nothing (a dead TV on a vanished network) is closed.
class WebSocketKeepAliveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StartEchoServer(server_, hub_, {.idle_timeout = std::chrono::seconds(2)});
  }
  Hub hub_;
  TestServer server_;
};

TEST_F(WebSocketKeepAliveTest, APeerThatAnswersPingsStays) {
  WsClient ws(server_.port(), "/ws");
  EXPECT_EQ(ws.Read(), "welcome");
  // Waiting in a read answers the server's pings. Past the 2 s idle timeout, the server
  // still holds the socket.
  auto still_open = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(3000));
    return hub_.size();
  });
  EXPECT_EQ(ws.Read(std::chrono::milliseconds(3500)), std::nullopt);
  EXPECT_EQ(ws.close_code(), std::nullopt);
  EXPECT_EQ(still_open.get(), 1u);
}

TEST_F(WebSocketKeepAliveTest, ASilentPeerIsClosedAtTheIdleTimeout) {
  WsClient ws(server_.port(), "/ws");
  EXPECT_EQ(ws.Read(), "welcome");
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));  // no reads: no pongs
  EXPECT_EQ(hub_.size(), 0u);
  EXPECT_EQ(hub_.closed_with.load(), 1006);
}

}  // namespace
}  // namespace platform::net

namespace platform::net {
namespace {

// Without an idle timeout (a handler that watches liveness itself) nothing pings or times out
// an idle socket, yet a close still ends the connection in bounded time.
class WebSocketWithoutIdleTimeoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StartEchoServer(server_, hub_,
                    {.max_queued_bytes = 64 << 20,
                     .idle_timeout = std::chrono::seconds(0),
                     .handshake_timeout = std::chrono::seconds(1)});
  }
  Hub hub_;
  TestServer server_;
};

TEST_F(WebSocketWithoutIdleTimeoutTest, ASilentPeerStays) {
  WsClient ws(server_.port(), "/ws");
  EXPECT_EQ(ws.Read(), "welcome");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // no reads, no pongs
  EXPECT_EQ(hub_.size(), 1u);
  ws.Send("still here");
  EXPECT_EQ(ws.Read(), "still here");
}

TEST_F(WebSocketWithoutIdleTimeoutTest, ACloseBehindAWriteThePeerNeverReadsIsCutInTime) {
  WsClient ws(server_.port(), "/ws");
  EXPECT_EQ(ws.Read(), "welcome");
  // 25 MiB the client never reads: more than the kernel buffers, within the queue's cap, so
  // the server's write stays stuck and the close frame waits behind it.
  ws.Send("flood:400");
  ws.Send("close");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (hub_.size() != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(hub_.size(), 0u);
  EXPECT_EQ(hub_.closed_with.load(), 1006);
}

// A client frame: FIN, `opcode`, masked (as clients must) with a fixed key.
std::string MaskedFrame(unsigned char opcode, const std::string& payload) {
  std::string frame{static_cast<char>(0x80 | opcode), static_cast<char>(0x80 | payload.size())};
  const char key[4] = {0x0a, 0x0b, 0x0c, 0x0d};
  frame.append(key, 4);
  for (std::size_t i = 0; i < payload.size(); ++i)
    frame += static_cast<char>(payload[i] ^ key[i % 4]);
  return frame;
}

// Opens /ws, then sends `message` (which asks the server to close) and its own close frame in
// one write: the server's close meets a close frame already on its way. Returns once the
// server ends the connection (or after 5 s).
void BothSidesClose(unsigned short port, const std::string& message) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(std::string(
                          "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                          "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          "Sec-WebSocket-Version: 13\r\n\r\n")));
  std::string received;
  char buffer[1024];
  while (received.find("welcome") == std::string::npos) {
    received.append(buffer, socket.read_some(asio::buffer(buffer)));
  }
  asio::write(socket, asio::buffer(MaskedFrame(0x1, message) +
                                   MaskedFrame(0x8, std::string("\x03\xe8", 2))));
  timeval wait{.tv_sec = 5, .tv_usec = 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  while (::recv(socket.native_handle(), buffer, sizeof buffer, 0) > 0) {
  }
}

TEST_F(WebSocketWithoutIdleTimeoutTest, BothSidesClosingAtOnceEndsTheSessionAtOnce) {
  const auto started = std::chrono::steady_clock::now();
  BothSidesClose(server_.port(), "close");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900))
      << "ended by the close handshake, not by the deadline";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (hub_.size() != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(hub_.size(), 0u);
  EXPECT_NE(server_.metrics.Render().find("http_open_websockets 0"), std::string::npos);
}

// Found by the websocket_frames fuzzer: a close from elsewhere racing a read that holds the
// peer's close frame parks both in Beast 1.81; the session must still end, its slot freed.
TEST_F(WebSocketWithoutIdleTimeoutTest, ACloseRacingThePeersCloseStillEndsTheSession) {
  BothSidesClose(server_.port(), "close-from-another-thread");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  while (hub_.size() != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(hub_.size(), 0u);
  EXPECT_NE(server_.metrics.Render().find("http_open_websockets 0"), std::string::npos);
}

TEST_F(WebSocketWithoutIdleTimeoutTest, AFailedHandlersCloseIsCutInTimeToo) {
  WsClient ws(server_.port(), "/ws");
  EXPECT_EQ(ws.Read(), "welcome");
  ws.Send("flood:400");  // 25 MiB stuck behind a peer that does not read yet
  ws.Send("throw");      // the 1011 close waits behind it
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // past the 1 s deadline
  // Cut, not closed: the client finds fewer than 400 messages and no close frame. Without the
  // deadline, it would read all 400 and then the 1011.
  int received = 0;
  while (ws.Read(std::chrono::milliseconds(2000))) ++received;
  EXPECT_LT(received, 400);
  EXPECT_EQ(ws.close_code(), std::nullopt);
}

}  // namespace
}  // namespace platform::net
