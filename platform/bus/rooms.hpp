#pragma once

// Members (sockets, connections) grouped in rooms by a key, where each room is reached
// through one bus topic: this instance subscribes to a room's topic while the room has at
// least one member here, and unsubscribes after the last one leaves. A room's messages are
// handed to `on_message` with the room; it picks the members with Members().
//
// Thread-safe. The lock is never held while calling the bus or on_message, nor while a
// subscription ends (ending one may call into the bus).

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "platform/bus/bus.hpp"

namespace platform::bus {

// `Member` is cheap to copy and comparable (a shared_ptr).
template <class Member>
class Rooms {
 public:
  using TopicOf = std::function<std::string(const std::string& room)>;
  using OnMessage = std::function<void(const std::string& room, const Message& message)>;

  Rooms(Bus& bus, TopicOf topic_of, OnMessage on_message)
      : bus_(bus), topic_of_(std::move(topic_of)), on_message_(std::move(on_message)) {}
  ~Rooms() {
    decltype(rooms_) rooms;  // their subscriptions end outside the lock
    std::lock_guard lock(mutex_);
    rooms.swap(rooms_);
  }
  Rooms(const Rooms&) = delete;
  Rooms& operator=(const Rooms&) = delete;

  // Adds `member` under `key` (unique within the room) and resolves once this instance hears
  // the room's topic. Returns the member it replaced, if the key was taken.
  boost::asio::awaitable<std::optional<Member>> Join(const std::string& room,
                                                     const std::string& key, Member member) {
    std::shared_ptr<Room> joined;
    std::optional<Member> replaced;
    bool subscribe = false;
    {
      std::lock_guard lock(mutex_);
      auto& slot = rooms_[room];
      if (!slot) {
        slot = std::make_shared<Room>();
        subscribe = true;
      }
      joined = slot;
      auto [it, inserted] = joined->members.try_emplace(key, member);
      if (inserted) {
        ++members_;
      } else {
        replaced = std::exchange(it->second, std::move(member));
      }
    }
    if (subscribe) {
      // Named locals: GCC 12 destroys a lambda temporary in a co_await call twice (a weak_ptr
      // released twice freed the room early; found by ThreadSanitizer).
      std::string topic = topic_of_(room);
      Handler handler = [this, room, weak = std::weak_ptr<Room>(joined)](const Message& m) {
        if (weak.lock()) on_message_(room, m);
      };
      auto subscription = co_await bus_.Subscribe(std::move(topic), std::move(handler));
      std::lock_guard lock(mutex_);
      auto it = rooms_.find(room);
      // Still the same room, still wanted (its members may all have left meanwhile)?
      if (it != rooms_.end() && it->second == joined)
        joined->subscription = std::move(subscription);
    }
    co_return replaced;
  }

  // Removes the member under `key` if it is still `member`. True when it was.
  bool Leave(const std::string& room, const std::string& key, const Member& member) {
    std::shared_ptr<Room> emptied;
    {
      std::lock_guard lock(mutex_);
      auto it = rooms_.find(room);
      if (it == rooms_.end()) return false;
      auto& members = it->second->members;
      auto found = members.find(key);
      if (found == members.end() || !(found->second == member)) return false;
      members.erase(found);
      --members_;
      if (members.empty()) {
        emptied = std::move(it->second);
        rooms_.erase(it);
      }
    }
    return true;  // `emptied` unsubscribes here, outside the lock
  }

  // Every member of `room` here.
  std::vector<Member> Members(const std::string& room) const {
    std::vector<Member> out;
    std::lock_guard lock(mutex_);
    if (auto it = rooms_.find(room); it != rooms_.end()) {
      out.reserve(it->second->members.size());
      for (const auto& [key, m] : it->second->members) out.push_back(m);
    }
    return out;
  }

  // The members of `room` under these keys (those not here are skipped).
  std::vector<Member> Members(const std::string& room, const std::vector<std::string>& keys) const {
    std::vector<Member> out;
    std::lock_guard lock(mutex_);
    if (auto it = rooms_.find(room); it != rooms_.end()) {
      for (const auto& key : keys) {
        if (auto m = it->second->members.find(key); m != it->second->members.end()) {
          out.push_back(m->second);
        }
      }
    }
    return out;
  }

  // Every member of every room, those `keep` says yes to (called under the lock: keep it cheap).
  std::vector<Member> AllMembers(const std::function<bool(const Member&)>& keep) const {
    std::vector<Member> out;
    std::lock_guard lock(mutex_);
    for (const auto& [name, room] : rooms_) {
      for (const auto& [key, m] : room->members) {
        if (keep(m)) out.push_back(m);
      }
    }
    return out;
  }

  // The rooms with a member here.
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    std::lock_guard lock(mutex_);
    out.reserve(rooms_.size());
    for (const auto& [name, room] : rooms_) out.push_back(name);
    return out;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return members_;
  }

 private:
  struct Room {
    std::unordered_map<std::string, Member> members;
    Subscription subscription;  // empty while being set up
  };

  Bus& bus_;
  const TopicOf topic_of_;
  const OnMessage on_message_;
  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;
  std::size_t members_ = 0;
};

}  // namespace platform::bus
