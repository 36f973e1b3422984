#include "platform/redis/redis_client.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <future>
#include <set>
#include <thread>
#include <unordered_map>

#include "platform/core/log.hpp"

namespace platform::redis {

namespace asio = boost::asio;
namespace log = platform::log;

// How long a lost connection waits before each new attempt.
constexpr std::chrono::seconds kReconnectDelay{1};

namespace {

// A command waiting for its reply; type-erases the awaiting coroutine's handler.
struct Pending {
  virtual ~Pending() = default;
  virtual void Complete(std::exception_ptr error, Reply reply) = 0;
};

template <class Handler>
struct PendingFor final : Pending {
  explicit PendingFor(Handler h) : handler(std::move(h)) {}
  void Complete(std::exception_ptr error, Reply reply) override {
    auto executor = asio::get_associated_executor(handler);
    asio::dispatch(executor, [h = std::move(handler), error, r = std::move(reply)]() mutable {
      h(error, std::move(r));
    });
  }
  Handler handler;
};

Reply Convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::kString;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::kStatus;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::kError;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::kArray;
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(Convert(r->element[i]));
      break;
    default:
      out.type = Reply::Type::kNil;
  }
  return out;
}

}  // namespace

// Everything below runs on the client's own I/O thread, except the constructor/destructor.
struct Client::Impl {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::thread thread;
  redisAsyncContext* context = nullptr;
  std::unique_ptr<asio::posix::stream_descriptor> socket;
  bool reading = false, writing = false;
  std::promise<std::string> connected;  // "" on success, else the reason (first connection)
  bool ever_connected = false;
  bool stopping = false;
  std::string host;
  int port = 6379;
  // After a lost connection: reconnect every kReconnectDelay and subscribe again to
  // `channels`, so a Redis restart heals without restarting the instances.
  asio::steady_timer reconnect_timer{io};
  std::set<std::string> channels;
  MessageHandler on_message;
  ConnectionHandler on_connection_change;
  // After a reconnection, the renewed subscriptions Redis has not confirmed yet: the client
  // is back (on_connection_change(true)) only once they are, so that nothing published from
  // then on can miss them.
  std::size_t resubscribing = 0;
  // Subscribe calls waiting for Redis's confirmation, per channel, in order.
  std::unordered_map<std::string, std::deque<std::unique_ptr<Pending>>> awaiting_subscribe;

  // hiredis event hooks (the adapter hiredis does not ship for Asio).
  static void AddRead(void* self) { static_cast<Impl*>(self)->StartReading(); }
  static void DelRead(void* self) { static_cast<Impl*>(self)->reading = false; }
  static void AddWrite(void* self) { static_cast<Impl*>(self)->StartWriting(); }
  static void DelWrite(void* self) { static_cast<Impl*>(self)->writing = false; }
  static void Cleanup(void* self) { static_cast<Impl*>(self)->Detach(); }

  void StartReading() {
    if (reading || !socket) return;
    reading = true;
    ArmRead();
  }
  void ArmRead() {
    socket->async_wait(asio::posix::stream_descriptor::wait_read,
                       [this](boost::system::error_code ec) {
                         if (ec || !reading || context == nullptr) return;
                         redisAsyncHandleRead(context);  // may free the context (Detach runs then)
                         if (reading && context != nullptr) ArmRead();
                       });
  }
  void StartWriting() {
    if (writing || !socket) return;
    writing = true;
    socket->async_wait(asio::posix::stream_descriptor::wait_write,
                       [this](boost::system::error_code ec) {
                         writing = false;
                         if (ec || context == nullptr) return;
                         redisAsyncHandleWrite(context);
                       });
  }
  // hiredis is freeing the context and will close the descriptor itself.
  void Detach() {
    reading = writing = false;
    if (socket) {
      boost::system::error_code ignored;
      socket->cancel(ignored);
      socket->release();
    }
    context = nullptr;
  }

  // Opens a new context; the outcome arrives in OnConnect.
  void StartConnect() {
    context = redisAsyncConnect(host.c_str(), port);
    if (context == nullptr || context->err) {
      const std::string reason = context ? context->errstr : "out of memory";
      if (context) redisAsyncFree(context);
      context = nullptr;
      ConnectFailed(reason);
      return;
    }
    context->ev.data = this;
    context->ev.addRead = &Impl::AddRead;
    context->ev.delRead = &Impl::DelRead;
    context->ev.addWrite = &Impl::AddWrite;
    context->ev.delWrite = &Impl::DelWrite;
    context->ev.cleanup = &Impl::Cleanup;
    socket = std::make_unique<asio::posix::stream_descriptor>(io, context->c.fd);
    redisAsyncSetConnectCallback(context, &Impl::OnConnect);
    redisAsyncSetDisconnectCallback(context, &Impl::OnDisconnect);
    StartWriting();  // the connection completes when the socket becomes writable
  }

  void ConnectFailed(const std::string& reason) {
    if (!ever_connected) {
      connected.set_value(reason.empty() ? "connect failed" : reason);
      return;
    }
    ScheduleReconnect();
  }

  void ScheduleReconnect() {
    if (stopping) return;
    reconnect_timer.expires_after(kReconnectDelay);
    reconnect_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec && !stopping && context == nullptr) StartConnect();
    });
  }

  static void OnConnect(const redisAsyncContext* c, int status) {
    auto* self = static_cast<Impl*>(c->ev.data);
    if (status != REDIS_OK) {
      // hiredis frees the context after this callback.
      self->ConnectFailed(c->errstr[0] ? c->errstr : "connect failed");
      return;
    }
    if (!self->ever_connected) {
      self->ever_connected = true;
      self->connected.set_value("");
      return;
    }
    log::Info("redis.reconnected", {{"channels", self->channels.size()}});
    self->resubscribing = self->channels.size();
    for (const auto& channel : self->channels) {
      self->Issue({"SUBSCRIBE", channel}, &Impl::OnPubSub, self);
    }
    if (self->resubscribing == 0) self->Back();
  }

  void Back() {
    if (on_connection_change) on_connection_change(true);
  }

  static void OnDisconnect(const redisAsyncContext* c, int) {
    auto* self = static_cast<Impl*>(c->ev.data);
    if (self->stopping) return;
    log::Warn("redis.disconnected", {{"error", c->errstr[0] ? c->errstr : "closed"}});
    self->FailSubscribers();
    self->resubscribing = 0;
    if (self->on_connection_change) self->on_connection_change(false);
    self->ScheduleReconnect();  // the context is freed after this callback
  }

  static void OnReply(redisAsyncContext*, void* reply, void* privdata) {
    std::unique_ptr<Pending> pending(static_cast<Pending*>(privdata));
    if (reply == nullptr) {
      pending->Complete(std::make_exception_ptr(RedisError("redis: connection lost")), {});
    } else {
      pending->Complete(nullptr, Convert(static_cast<redisReply*>(reply)));
    }
  }

  // Subscribed channels all share this callback (hiredis calls it for the confirmation and
  // then for every message); privdata is the Impl. A null reply: the connection is gone.
  static void OnPubSub(redisAsyncContext*, void* reply, void* privdata) {
    auto* self = static_cast<Impl*>(privdata);
    const auto* r = static_cast<const redisReply*>(reply);
    if (r == nullptr) {
      self->FailSubscribers();
      return;
    }
    if (r->type != REDIS_REPLY_ARRAY || r->elements < 3 ||
        r->element[0]->type != REDIS_REPLY_STRING || r->element[1]->type != REDIS_REPLY_STRING) {
      return;
    }
    const std::string_view kind(r->element[0]->str, r->element[0]->len);
    std::string channel(r->element[1]->str, r->element[1]->len);
    if (kind == "message" && r->element[2]->type == REDIS_REPLY_STRING) {
      if (self->on_message) {
        self->on_message(channel, std::string(r->element[2]->str, r->element[2]->len));
      }
    } else if (kind == "subscribe") {
      // Redis answers in order, and the renewals went out first on the new connection: the
      // first confirmations after a reconnection are theirs.
      if (self->resubscribing > 0) {
        if (--self->resubscribing == 0) self->Back();
        return;
      }
      auto it = self->awaiting_subscribe.find(channel);
      if (it == self->awaiting_subscribe.end() || it->second.empty()) return;
      auto pending = std::move(it->second.front());
      it->second.pop_front();
      if (it->second.empty()) self->awaiting_subscribe.erase(it);
      pending->Complete(nullptr, {});
    }
  }

  void FailSubscribers() {
    for (auto& [channel, waiting] : awaiting_subscribe) {
      for (auto& p : waiting) {
        p->Complete(std::make_exception_ptr(RedisError("redis: connection lost")), {});
      }
    }
    awaiting_subscribe.clear();
  }

  bool Connected() const { return context != nullptr && !(context->c.flags & REDIS_DISCONNECTING); }

  // Queues a command; false when it could not be (not connected).
  bool Issue(const std::vector<std::string>& args, redisCallbackFn* callback, void* privdata) {
    if (!Connected()) return false;
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    return redisAsyncCommandArgv(context, callback, privdata, static_cast<int>(argv.size()),
                                 argv.data(), lengths.data()) == REDIS_OK;
  }

  void Send(std::vector<std::string> args, std::unique_ptr<Pending> pending) {
    Pending* raw = pending.release();
    if (!Issue(args, &Impl::OnReply, raw)) {
      std::unique_ptr<Pending>(raw)->Complete(
          std::make_exception_ptr(RedisError("redis: not connected")), {});
    }
  }

  // Remembered even while disconnected: the reconnection subscribes again. A subscriber then
  // resumes at once rather than failing (messages resume when the connection does).
  void SendSubscribe(std::string channel, std::unique_ptr<Pending> pending) {
    channels.insert(channel);
    if (!Connected()) {
      pending->Complete(nullptr, {});
      return;
    }
    awaiting_subscribe[channel].push_back(std::move(pending));
    if (!Issue({"SUBSCRIBE", channel}, &Impl::OnPubSub, this)) FailSubscribers();
  }
};

std::shared_ptr<Client> Client::Connect(const std::string& url) {
  constexpr std::string_view kScheme = "redis://";
  if (!url.starts_with(kScheme)) throw RedisError("redis URL must be redis://HOST:PORT");
  std::string rest = url.substr(kScheme.size());
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  const auto colon = rest.rfind(':');
  const std::string host = colon == std::string::npos ? rest : rest.substr(0, colon);
  const int port = colon == std::string::npos ? 6379 : std::atoi(rest.c_str() + colon + 1);

  auto impl = std::make_unique<Impl>();
  auto connected = impl->connected.get_future();
  Impl* im = impl.get();
  im->host = host;
  im->port = port;
  asio::post(im->io, [im] { im->StartConnect(); });
  im->thread = std::thread([im] { im->io.run(); });
  std::unique_ptr<Client> client(new Client(std::move(impl)));
  if (connected.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    throw RedisError("redis: connect to " + url + " timed out");
  }
  if (const std::string reason = connected.get(); !reason.empty()) {
    throw RedisError("redis: connect to " + url + ": " + reason);
  }
  return std::shared_ptr<Client>(std::move(client));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Client::~Client() {
  Impl* im = impl_.get();
  asio::post(im->io, [im] {
    im->stopping = true;
    im->reconnect_timer.cancel();
    if (im->context != nullptr)
      redisAsyncDisconnect(im->context);  // replies to pending commands first
    im->work.reset();
  });
  im->thread.join();
}

asio::awaitable<Reply> Client::Command(std::vector<std::string> args) {
  auto initiate = [this](auto handler, std::vector<std::string> command) {
    auto pending = std::make_unique<PendingFor<decltype(handler)>>(std::move(handler));
    asio::post(impl_->io,
               [im = impl_.get(), command = std::move(command), p = std::move(pending)]() mutable {
                 im->Send(std::move(command), std::move(p));
               });
  };
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable),
                                          void(std::exception_ptr, Reply)>(
      initiate, asio::use_awaitable, std::move(args));
}

void Client::Post(std::vector<std::string> args) {
  asio::post(impl_->io,
             [im = impl_.get(), args = std::move(args)] { im->Issue(args, nullptr, nullptr); });
}

void Client::OnMessage(MessageHandler handler) {
  asio::post(impl_->io, [im = impl_.get(), h = std::move(handler)]() mutable {
    im->on_message = std::move(h);
  });
}

void Client::OnConnectionChange(ConnectionHandler handler) {
  asio::post(impl_->io, [im = impl_.get(), h = std::move(handler)]() mutable {
    im->on_connection_change = std::move(h);
  });
}

asio::awaitable<void> Client::Subscribe(std::string channel) {
  auto initiate = [this](auto handler, std::string name) {
    auto pending = std::make_unique<PendingFor<decltype(handler)>>(std::move(handler));
    asio::post(impl_->io,
               [im = impl_.get(), name = std::move(name), p = std::move(pending)]() mutable {
                 im->SendSubscribe(std::move(name), std::move(p));
               });
  };
  co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::exception_ptr, Reply)>(
      initiate, asio::use_awaitable, std::move(channel));
}

void Client::Unsubscribe(std::string channel) {
  asio::post(impl_->io, [im = impl_.get(), channel = std::move(channel)] {
    im->channels.erase(channel);
    im->Issue({"UNSUBSCRIBE", channel}, &Impl::OnPubSub, im);
  });
}

}  // namespace platform::redis
