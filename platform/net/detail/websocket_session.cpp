#include "platform/net/detail/websocket_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>

#include "platform/core/log.hpp"

namespace platform::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint16_t kAbnormalClosure = 1006;
constexpr std::chrono::seconds kHandshakeTimeout{10};

namespace {

class WebSocketSession final : public WebSocket,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(TcpStream stream, std::uint64_t id, std::string remote,
                   const WebSocketOptions& options, std::shared_ptr<WebSocketHandler> handler)
      : ws_(std::move(stream)),
        id_(id),
        remote_(std::move(remote)),
        options_(options),
        handler_(std::move(handler)) {}

  void Send(Payload message) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), m = std::move(message)]() mutable {
      self->Enqueue(std::move(m));
    });
  }

  void Close(std::uint16_t code, std::string reason) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), code, r = std::move(reason)] {
      self->BeginClose(code, r);
    });
  }

  const std::string& remote_address() const override { return remote_; }
  std::uint64_t id() const override { return id_; }

  asio::awaitable<void> Run(const UpgradeRequest& upgrade) {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts take over
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = kHandshakeTimeout;
    timeouts.idle_timeout = options_.idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(options_.max_message_bytes);
    auto [accept_ec] = co_await ws_.async_accept(upgrade, kNoThrow);
    if (accept_ec) co_return;

    std::uint16_t code = kAbnormalClosure;
    try {
      co_await handler_->OnOpen(shared_from_this());
      beast::flat_buffer buffer;
      for (;;) {
        auto [ec, bytes] = co_await ws_.async_read(buffer, kNoThrow);
        if (ec) {
          if (ec == websocket::error::closed) code = ws_.reason().code;
          break;
        }
        if (!ws_.got_text()) {
          buffer.consume(buffer.size());
          BeginClose(close_code::kUnsupportedData, "text frames only");
          continue;
        }
        std::string text = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        co_await handler_->OnMessage(std::move(text));
      }
    } catch (const std::exception& e) {
      log::Error("websocket.handler_failed", {{"socket", id_}, {"error", e.what()}});
      BeginClose(close_code::kInternalError, "internal error");
    }
    closing_ = true;
    handler_->OnClose(code);
    handler_.reset();  // the handler may hold this socket: break the cycle
  }

 private:
  void Enqueue(Payload message) {
    if (closing_) return;
    if (queue_.size() >= options_.max_queued_messages ||
        queued_bytes_ + message->size() > options_.max_queued_bytes) {
      log::Warn("websocket.slow_consumer", {{"socket", id_}, {"queued", queue_.size()}});
      Abort();
      return;
    }
    queued_bytes_ += message->size();
    queue_.push_back(std::move(message));
    if (!writing_) {
      writing_ = true;
      asio::co_spawn(ws_.get_executor(), WriteLoop(shared_from_this()), asio::detached);
    }
  }

  // The one write in flight: drains the queue, then performs a pending close.
  asio::awaitable<void> WriteLoop(std::shared_ptr<WebSocketSession> /*keep_alive*/) {
    while (!queue_.empty()) {
      Payload next = queue_.front();
      auto [ec, n] = co_await ws_.async_write(asio::buffer(*next), kNoThrow);
      if (queue_.empty()) break;  // aborted meanwhile
      queue_.pop_front();
      queued_bytes_ -= next->size();
      if (ec) {
        queue_.clear();
        queued_bytes_ = 0;
        break;
      }
    }
    writing_ = false;
    if (close_pending_) co_await SendClose();
  }

  void BeginClose(std::uint16_t code, std::string reason) {
    if (closing_) return;
    closing_ = true;
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    if (writing_) {
      close_pending_ = true;
    } else {
      asio::co_spawn(
          ws_.get_executor(),
          [self = shared_from_this()]() -> asio::awaitable<void> { co_await self->SendClose(); },
          asio::detached);
    }
  }

  asio::awaitable<void> SendClose() {
    close_pending_ = false;
    if (!ws_.is_open()) co_return;
    auto [ec] = co_await ws_.async_close(close_reason_, kNoThrow);
    (void)ec;  // the read loop sees the end either way
  }

  void Abort() {
    closing_ = true;
    queue_.clear();
    queued_bytes_ = 0;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

  websocket::stream<TcpStream> ws_;
  const std::uint64_t id_;
  const std::string remote_;
  const WebSocketOptions options_;
  std::shared_ptr<WebSocketHandler> handler_;
  // State below is touched only on the socket's strand.
  std::deque<Payload> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  bool close_pending_ = false;
  websocket::close_reason close_reason_;
};

}  // namespace

asio::awaitable<void> RunWebSocket(TcpStream stream, const UpgradeRequest& upgrade,
                                   std::shared_ptr<WebSocketHandler> handler,
                                   const WebSocketOptions& options,
                                   std::shared_ptr<Connection> connection,
                                   std::string remote_address, Metrics& metrics) {
  auto session = std::make_shared<WebSocketSession>(
      std::move(stream), connection->id, std::move(remote_address), options, std::move(handler));
  connection->websocket = session;
  if (connection->draining) session->Close(close_code::kGoingAway, "server shutting down");
  ++metrics.open_websockets;
  co_await session->Run(upgrade);
  --metrics.open_websockets;
}

}  // namespace platform::net::detail
