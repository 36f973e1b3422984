#include "platform/net/detail/websocket_session.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <optional>
#include <vector>

#include "platform/core/log.hpp"
#include "platform/net/detail/handshake_turns.hpp"

namespace platform::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint16_t kAbnormalClosure = 1006;
constexpr std::size_t kFirstReadPiece = 64;
constexpr std::size_t kReadPiece = 4096;

namespace {

class WebSocketSession final : public WebSocket,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(asio::ip::tcp::socket socket, std::uint64_t id, std::string remote,
                   const WebSocketOptions& options, std::shared_ptr<WebSocketHandler> handler,
                   Metrics& metrics, std::shared_ptr<void> slot)
      : ws_(std::move(socket)),
        id_(id),
        remote_(std::move(remote)),
        options_(options),
        handler_(std::move(handler)),
        metrics_(metrics),
        slot_(std::move(slot)) {}

  void Send(Payload message) override {
    // A handler answering on its own loop (the common case) needs no hop through the
    // scheduler: no wake-up of another thread for each reply.
    if (OnOwnLoop()) {
      Enqueue(std::move(message));
      return;
    }
    asio::post(ws_.get_executor(), [self = shared_from_this(), m = std::move(message)]() mutable {
      self->Enqueue(std::move(m));
    });
  }

  void Close(std::uint16_t code, std::string reason) override {
    // From this socket's own handler (a bad token, a flood: the common case) the close starts
    // before the next read does. Beast 1.81 deadlocks a close racing a read that already holds
    // the peer's own close frame (both sides closing at once); the deadline below catches the
    // closes that still race a read (from other sockets, other threads).
    if (OnOwnLoop() && handling_) {
      BeginClose(code, std::move(reason));
      return;
    }
    asio::post(ws_.get_executor(), [self = shared_from_this(), code, r = std::move(reason)] {
      self->BeginClose(code, r);
    });
  }

  const std::string& remote_address() const override { return remote_; }

  // The event loop (single-threaded io_context) this socket lives on.
  asio::io_context& loop() {
    const auto executor = ws_.get_executor();
    return executor.target<asio::io_context::executor_type>()->context();
  }

  // From a handler running on this socket's loop: each loop has one thread, which runs all of
  // the socket's handlers, so nothing else touches its state meanwhile.
  void EnqueueFromLoop(Payload message) { Enqueue(std::move(message)); }

  bool OnOwnLoop() {
    const auto executor = ws_.get_executor();
    const auto* loop = executor.target<asio::io_context::executor_type>();
    return loop != nullptr && loop->running_in_this_thread();
  }
  std::uint64_t id() const override { return id_; }

  // Completes the handshake, then reads messages one at a time, handing each to the handler
  // once the previous one's handling has finished. Chained callbacks, not a coroutine: an idle
  // socket then holds only its pending read, where a coroutine held ~1.4 KiB of frames
  // (heaptrack, 10,000 idle sockets).
  void Start(std::unique_ptr<UpgradeRequest> upgrade) {
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = options_.handshake_timeout;
    if (options_.idle_timeout.count() > 0) {
      timeouts.idle_timeout = options_.idle_timeout;
      timeouts.keep_alive_pings = true;
    } else {
      timeouts.idle_timeout = websocket::stream_base::none();
      timeouts.keep_alive_pings = false;
    }
    ws_.set_option(timeouts);
    ws_.read_message_max(options_.max_message_bytes);
    ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
      if (kind == websocket::frame_type::ping && handler_) handler_->OnPing();
    });
    const UpgradeRequest& request = *upgrade;
    ws_.async_accept(request, [self = shared_from_this(),
                               upgrade = std::move(upgrade)](beast::error_code ec) mutable {
      upgrade.reset();  // not needed any more: its headers would sit there for hours
      if (ec) {
        self->Finish(std::nullopt);
        return;
      }
      self->Handle(self->handler_->OnOpen(self));
    });
  }

 private:
  // Runs the handler's work for one event, then reads the next message.
  void Handle(asio::awaitable<void> work) {
    handling_ = true;
    asio::co_spawn(
        ws_.get_executor(), std::move(work), [self = shared_from_this()](std::exception_ptr error) {
          self->handling_ = false;
          if (!error) {
            if (self->closing_) {
              self->Settle();  // the close reads the peer's answer itself
            } else {
              self->ReadNext(kFirstReadPiece);
            }
            return;
          }
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            log::Error("websocket.handler_failed", {{"socket", self->id_}, {"error", e.what()}});
          }
          self->BeginClose(close_code::kInternalError, "internal error");
          self->Finish(kAbnormalClosure);
        });
  }

  // A read prepares its buffer before any byte arrives, and every idle socket holds that
  // buffer (a whole-message read would prepare 1.5 KiB): the first piece of a message is
  // small, the rest come in larger pieces once bytes are flowing.
  void ReadNext(std::size_t piece) {
    reading_ = true;
    ws_.async_read_some(
        buffer_, piece,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    reading_ = false;
    if (ec) {
      Finish(ec == websocket::error::closed ? ws_.reason().code : kAbnormalClosure);
      return;
    }
    if (!ws_.is_message_done()) {
      ReadNext(kReadPiece);
      return;
    }
    if (!ws_.got_text()) {
      buffer_.consume(buffer_.size());
      BeginClose(close_code::kUnsupportedData, "text frames only");
      Settle();
      return;
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    buffer_.shrink_to_fit();  // nor does an idle socket keep the last message's buffer
    // The first message (a hello) is the handshake's last step: in the loop's turns.
    if (first_message_) {
      first_message_ = false;
      auto& turns = HandshakeTurns::Of(ws_.get_executor());
      if (!turns.TryTake()) {
        handling_ = true;  // a close meanwhile waits for it, as for a handler
        turns.Defer([self = shared_from_this(), text = std::move(text)]() mutable {
          if (self->closing_) {  // cut meanwhile: nobody to answer
            self->handling_ = false;
            self->Settle();
            return;
          }
          self->Handle(self->handler_->OnMessage(std::move(text)));
        });
        return;
      }
    }
    Handle(handler_->OnMessage(std::move(text)));
  }

  // The end of reading, once: the handler hears it (unless the handshake failed: it never
  // opened), and the server's record of the connection is released. A close begun before
  // keeps its deadline: after a handler's failure, the close frame may still wait behind a
  // write the peer never reads.
  void Finish(std::optional<std::uint16_t> code) {
    if (finished_) return;
    finished_ = true;
    closing_ = true;
    if (code) handler_->OnClose(*code);
    handler_.reset();  // the handler may hold this socket: break the cycle
    --metrics_.open_websockets;
    slot_.reset();
  }

  void Enqueue(Payload message) {
    if (closing_) return;
    if (queued() >= options_.max_queued_messages ||
        queued_bytes_ + message->size() > options_.max_queued_bytes) {
      log::Warn("websocket.slow_consumer", {{"socket", id_}, {"queued", queued()}});
      Abort();
      return;
    }
    queued_bytes_ += message->size();
    queue_.push_back(std::move(message));
    if (!writing_) WriteNext();
  }

  std::size_t queued() const { return queue_.size() - head_; }

  // The one write in flight, chained by its completion (cheaper than a coroutine per burst).
  void WriteNext() {
    writing_ = true;
    ws_.async_write(
        asio::buffer(*queue_[head_]),
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnWritten(ec); });
  }

  void OnWritten(beast::error_code ec) {
    writing_ = false;
    if (queued() == 0) {  // aborted meanwhile
      close_pending_ = false;
      Settle();
      return;
    }
    queued_bytes_ -= queue_[head_]->size();
    queue_[head_++].reset();
    if (head_ == queue_.size()) {
      queue_.clear();
      head_ = 0;
    }
    if (ec) {
      ClearQueue();
      close_pending_ = false;
      Settle();
      return;
    }
    if (queued() > 0) {
      WriteNext();
    } else if (close_pending_) {
      close_in_flight_ = true;
      asio::co_spawn(
          ws_.get_executor(),
          [self = shared_from_this()]() -> asio::awaitable<void> { co_await self->SendClose(); },
          asio::detached);
    }
  }

  void ClearQueue() {
    queue_.clear();
    queue_.shrink_to_fit();
    head_ = 0;
    queued_bytes_ = 0;
  }

  void BeginClose(std::uint16_t code, std::string reason) {
    if (closing_) return;
    closing_ = true;
    AbortUnlessClosedWithin(options_.handshake_timeout);
    close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
    if (writing_) {
      close_pending_ = true;
    } else {
      close_in_flight_ = true;
      asio::co_spawn(
          ws_.get_executor(),
          [self = shared_from_this()]() -> asio::awaitable<void> { co_await self->SendClose(); },
          asio::detached);
    }
  }

  // Without a read in flight, the close reads until the peer's answer and the session ends
  // here; with one, the read sees the end.
  asio::awaitable<void> SendClose() {
    close_pending_ = false;
    std::uint16_t peer_code = kAbnormalClosure;
    if (ws_.is_open()) {
      auto [ec] = co_await ws_.async_close(close_reason_, kNoThrow);
      if (!ec) peer_code = ws_.reason().code;
    }
    close_in_flight_ = false;
    Settle(peer_code);
  }

  // Once closing, the session ends when nothing of it is in flight any more.
  void Settle(std::uint16_t code = kAbnormalClosure) {
    if (closing_ && !reading_ && !handling_ && !writing_ && !close_pending_ && !close_in_flight_) {
      Finish(code);
    }
  }

  // A close waits for the queue and for the peer's answer; a peer that reads nothing (a write
  // stuck on a full window) would hold the socket for ever without an idle timeout.
  // Past that, the connection is cut; operations Beast parked waiting for each other (see
  // Close) do not complete even then, so a second later the session ends without them: the
  // handler hears it and the connection's slot is free again.
  void AbortUnlessClosedWithin(std::chrono::seconds patience) {
    close_deadline_ = std::make_unique<asio::steady_timer>(ws_.get_executor(), patience);
    close_deadline_->async_wait([weak = weak_from_this()](beast::error_code ec) {
      auto self = weak.lock();
      if (!self || ec) return;
      if (self->ws_.next_layer().is_open()) self->Abort();
      if (self->finished_) return;
      self->close_deadline_->expires_after(std::chrono::seconds(1));
      self->close_deadline_->async_wait([weak](beast::error_code again) {
        auto stuck = weak.lock();
        if (!stuck || again || stuck->finished_) return;
        log::Warn("websocket.close_stuck", {{"socket", stuck->id_}});
        stuck->Finish(kAbnormalClosure);
      });
    });
  }

  void Abort() {
    closing_ = true;
    ClearQueue();
    beast::error_code ignored;
    ws_.next_layer().close(ignored);
  }

  // Over the bare socket, not the HTTP session's beast::tcp_stream: the websocket keeps its
  // own timeouts, and the stream's timers and shared state would cost every idle socket
  // about 0.5 KiB more (heaptrack, 10,000 sockets).
  websocket::stream<asio::ip::tcp::socket> ws_;
  const std::uint64_t id_;
  const std::string remote_;
  const WebSocketOptions options_;
  std::shared_ptr<WebSocketHandler> handler_;
  Metrics& metrics_;
  std::shared_ptr<void> slot_;  // the server's record of the connection, until Finish
  beast::flat_buffer buffer_;   // the message being read
  // State below is touched only on the socket's loop. A vector, not a deque: an empty
  // std::deque already holds a 512-byte block, for every idle socket.
  std::vector<Payload> queue_;
  std::size_t head_ = 0;  // the next to write
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool reading_ = false;   // a read in flight
  bool handling_ = false;  // the handler's work for an event in flight
  bool first_message_ = true;
  bool closing_ = false;
  bool close_pending_ = false;    // a close to send once the write in flight is done
  bool close_in_flight_ = false;  // the close handshake (or its coroutine) under way
  bool finished_ = false;
  websocket::close_reason close_reason_;
  std::unique_ptr<asio::steady_timer> close_deadline_;  // once closing
};

}  // namespace

void StartWebSocket(TcpStream stream, UpgradeRequest upgrade,
                    std::shared_ptr<WebSocketHandler> handler, const WebSocketOptions& options,
                    std::shared_ptr<Connection> connection, std::string remote_address,
                    Metrics& metrics, std::shared_ptr<void> slot) {
  auto session = std::make_shared<WebSocketSession>(stream.release_socket(), connection->id,
                                                    std::move(remote_address), options,
                                                    std::move(handler), metrics, std::move(slot));
  connection->websocket = session;
  if (connection->draining) session->Close(close_code::kGoingAway, "server shutting down");
  ++metrics.open_websockets;
  // Started on the connection's loop (the socket's executor): its handlers run there only.
  asio::post(connection->executor,
             [session, upgrade = std::make_unique<UpgradeRequest>(std::move(upgrade))]() mutable {
               session->Start(std::move(upgrade));
             });
}

}  // namespace platform::net::detail

namespace platform::net {

namespace asio = boost::asio;

void SendToMany(const std::vector<std::shared_ptr<WebSocket>>& sockets, const Payload& message) {
  std::vector<std::pair<asio::io_context*, std::vector<std::shared_ptr<detail::WebSocketSession>>>>
      loops;
  for (const auto& socket : sockets) {
    auto session = std::dynamic_pointer_cast<detail::WebSocketSession>(socket);
    if (!session) {
      socket->Send(message);
      continue;
    }
    asio::io_context* loop = &session->loop();
    auto it =
        std::find_if(loops.begin(), loops.end(), [&](const auto& l) { return l.first == loop; });
    if (it == loops.end()) {
      loops.emplace_back(loop, std::vector<std::shared_ptr<detail::WebSocketSession>>{});
      it = std::prev(loops.end());
    }
    it->second.push_back(std::move(session));
  }
  for (auto& [loop, sessions] : loops) {
    asio::post(*loop, [sessions = std::move(sessions), message] {
      for (const auto& session : sessions) session->EnqueueFromLoop(message);
    });
  }
}

}  // namespace platform::net
