#include "platform/bus/detail/topic_table.hpp"

namespace platform::bus::detail {

std::uint64_t TopicTable::Add(const std::string& topic, Handler handler, bool& first) {
  std::lock_guard lock(mutex_);
  auto& slot = topics_[topic];
  first = slot == nullptr;
  auto next = slot ? std::make_shared<Listeners>(*slot) : std::make_shared<Listeners>();
  const std::uint64_t id = next_id_++;
  next->push_back({id, std::move(handler)});
  slot = std::move(next);
  return id;
}

bool TopicTable::Remove(const std::string& topic, std::uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return false;
  auto next = std::make_shared<Listeners>();
  next->reserve(it->second->size());
  for (const auto& listener : *it->second) {
    if (listener.id != id) next->push_back(listener);
  }
  if (next->size() == it->second->size()) return false;  // not a listener of this topic
  if (next->empty()) {
    topics_.erase(it);
    return true;
  }
  it->second = std::move(next);
  return false;
}

void TopicTable::Deliver(const std::string& topic, const Message& message) const {
  std::shared_ptr<const Listeners> listeners;
  {
    std::lock_guard lock(mutex_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) return;
    listeners = it->second;
  }
  for (const auto& listener : *listeners) listener.handler(message);
}

}  // namespace platform::bus::detail
