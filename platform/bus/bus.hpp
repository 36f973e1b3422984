#pragma once

// Publish/subscribe between the parts of a product that do not hold the same socket: an API
// call on one instance reaching a client connected to another (DESIGN.md "Realtime").
//
// Topics are narrow ("<kind>:<tenant>", "<kind>:<code>"), never one firehose: an instance
// subscribes only to what its own sockets need. Delivery is at most once and in publish order
// per publisher; anything that must not be lost goes through the database as well.
//
// LocalBus calls subscribers directly (one process). RedisBus (redis_bus.hpp) carries the same
// topics over Redis pub/sub, so N instances behave as one.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace platform::bus {

using Message = std::shared_ptr<const std::string>;
// Runs on a bus thread (the publisher's, or the Redis client's): keep it short, thread-safe and
// non-blocking; hand real work to the socket or executor it concerns.
using Handler = std::function<void(const Message& message)>;

// Ends its subscription when destroyed or Reset.
class Subscription {
 public:
  Subscription() = default;
  explicit Subscription(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
  Subscription(Subscription&& other) noexcept : cancel_(std::exchange(other.cancel_, nullptr)) {}
  Subscription& operator=(Subscription&& other) noexcept {
    if (this != &other) {
      Reset();
      cancel_ = std::exchange(other.cancel_, nullptr);
    }
    return *this;
  }
  ~Subscription() { Reset(); }
  void Reset() {
    if (auto cancel = std::exchange(cancel_, nullptr)) cancel();
  }

 private:
  std::function<void()> cancel_;
};

class Bus {
 public:
  virtual ~Bus() = default;
  // Resolves once messages published from then on, by any instance, reach `handler`.
  virtual boost::asio::awaitable<Subscription> Subscribe(std::string topic, Handler handler) = 0;
  // Fire and forget: every current subscriber of `topic`, on every instance, gets it.
  virtual void Publish(const std::string& topic, std::string message) = 0;

  // Runs `handler` each time the bus is back after an outage between instances (Redis
  // restarted, say), once messages flow both ways again. What was published meanwhile may be
  // lost, so a part that keeps others in step with the database (manifests on screens)
  // resends from the database then. On a bus thread: keep it short. Never for the in-process
  // bus, which has no outages.
  Subscription OnResume(std::function<void()> handler);

 protected:
  // For implementations: a callable (any thread, may outlive the bus) that runs the
  // OnResume handlers.
  std::function<void()> ResumeNotifier() const;

 private:
  struct ResumeHandlers;
  std::shared_ptr<ResumeHandlers> resume_handlers_ = MakeResumeHandlers();
  static std::shared_ptr<ResumeHandlers> MakeResumeHandlers();
};

std::unique_ptr<Bus> MakeLocalBus();

// Subscribe, waiting on the calling thread: for start-up, before any event loop runs (a topic
// every instance hears for as long as it lives).
Subscription SubscribeBlocking(Bus& bus, std::string topic, Handler handler);

// Lets a coroutine sleep until something is published on a topic (long-polls). Listen first,
// then check the state you wait for, then Wait: a message in between is not missed.
class Signal {
 public:
  static boost::asio::awaitable<std::unique_ptr<Signal>> Listen(Bus& bus, std::string topic);
  ~Signal();
  // True as soon as a message has arrived since Listen, false when `timeout` passes first.
  // Resumes on the caller's executor.
  boost::asio::awaitable<bool> Wait(std::chrono::milliseconds timeout);

  struct State;

 private:
  Signal(std::shared_ptr<State> state, Subscription subscription);
  std::shared_ptr<State> state_;
  Subscription subscription_;
};

}  // namespace platform::bus
