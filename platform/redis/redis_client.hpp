#pragma once

// An asynchronous Redis connection (hiredis on Asio). Thread-safe: Command may be called from
// any coroutine on any executor; replies come back in order of the commands. A lost connection
// is reopened every second; subscriptions are renewed on it; commands sent meanwhile fail.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace platform::redis {

struct Reply {
  enum class Type { kNil, kInteger, kString, kStatus, kError, kArray };
  Type type = Type::kNil;
  std::int64_t integer = 0;
  std::string text;  // kString, kStatus, kError
  std::vector<Reply> elements;
};

// The connection failed or closed: the command's outcome is unknown.
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Client {
 public:
  // "redis://HOST:PORT". Connects before returning; throws RedisError if it cannot.
  static std::shared_ptr<Client> Connect(const std::string& url);
  ~Client();  // closes the connection and joins its thread
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // A command and its arguments, e.g. {"SET", "k", "v"}. An error reply is a Reply of type
  // kError; a broken connection throws RedisError.
  boost::asio::awaitable<Reply> Command(std::vector<std::string> args);
  // Fire and forget (PUBLISH and the like): the reply is dropped, a broken connection ignored.
  void Post(std::vector<std::string> args);

  // Pub/sub. Once a connection subscribes, Redis accepts only (UN)SUBSCRIBE on it: give
  // subscriptions a client of their own. Messages are handed to `handler` on the client's I/O
  // thread (keep it short); set it before the first Subscribe.
  using MessageHandler = std::function<void(const std::string& channel, std::string payload)>;
  void OnMessage(MessageHandler handler);
  // Resolves once Redis has confirmed the subscription; throws RedisError if it cannot.
  boost::asio::awaitable<void> Subscribe(std::string channel);
  void Unsubscribe(std::string channel);

  // Told (on the client's I/O thread) when an established connection is lost (false) and when
  // it is back (true), once Redis has confirmed its renewed subscriptions. Not for the first
  // connection, which Connect waits for.
  using ConnectionHandler = std::function<void(bool connected)>;
  void OnConnectionChange(ConnectionHandler handler);

  struct Impl;

 private:
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace platform::redis
