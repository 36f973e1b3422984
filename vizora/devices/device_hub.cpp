#include "vizora/devices/device_hub.hpp"

#include <vector>

#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "vizora/devices/device_messages.hpp"
#include "vizora/devices/model.hpp"
#include "vizora/realtime/topics.hpp"

namespace vizora::devices {

namespace net = platform::net;
using boost::asio::awaitable;

struct DeviceHub::Organization {
  std::string id;
  std::unordered_map<std::string, std::shared_ptr<DeviceConnection>> devices;
  platform::bus::Subscription subscription;  // empty while being set up
};

DeviceHub::DeviceHub(platform::bus::Bus& bus) : bus_(bus), sweeper_([this] { SweepLoop(); }) {}

DeviceHub::~DeviceHub() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  sweeper_.join();
  // Subscriptions end outside the lock: ending one may call into the bus.
  decltype(organizations_) organizations;
  {
    std::lock_guard lock(mutex_);
    organizations.swap(organizations_);
  }
}

awaitable<void> DeviceHub::Attach(std::shared_ptr<DeviceConnection> connection) {
  std::shared_ptr<Organization> organization;
  std::shared_ptr<DeviceConnection> replaced;
  bool subscribe = false;
  {
    std::lock_guard lock(mutex_);
    auto& slot = organizations_[connection->organization_id];
    if (!slot) {
      slot = std::make_shared<Organization>();
      slot->id = connection->organization_id;
      subscribe = true;
    }
    organization = slot;
    auto& current = organization->devices[connection->device_id];
    if (current) {
      replaced = std::move(current);
    } else {
      ++connected_;
    }
    current = connection;
  }
  if (replaced) {
    replaced->socket->Close(device_close::kReplaced, "replaced by a newer connection");
  }
  if (subscribe) {
    // Built as named locals: GCC 12 destroys a lambda temporary in a co_await call twice (a
    // weak_ptr released twice freed the Organization early; found by ThreadSanitizer).
    std::string topic = realtime::DevicesTopic(connection->organization_id);
    platform::bus::Handler handler =
        [this, weak = std::weak_ptr<Organization>(organization)](const platform::bus::Message& m) {
          if (auto o = weak.lock()) OnMessage(o, m);
        };
    auto subscription = co_await bus_.Subscribe(std::move(topic), std::move(handler));
    std::lock_guard lock(mutex_);
    auto it = organizations_.find(connection->organization_id);
    // Still the same, still wanted (its devices may all have left while we subscribed)?
    if (it != organizations_.end() && it->second == organization) {
      organization->subscription = std::move(subscription);
    }
  }
  // Other instances close their socket of this device, if any.
  Publish(bus_, connection->organization_id,
          {.op = DeviceMessage::Op::kClose,
           .device_ids = {connection->device_id},
           .code = device_close::kReplaced,
           .keep = connection->connection_id});
}

bool DeviceHub::Closed(const std::shared_ptr<DeviceConnection>& connection) {
  std::shared_ptr<Organization> emptied;
  bool was_current = false;
  {
    std::lock_guard lock(mutex_);
    auto org = organizations_.find(connection->organization_id);
    if (org == organizations_.end()) return false;
    auto& devices = org->second->devices;
    auto it = devices.find(connection->device_id);
    if (it != devices.end() && it->second == connection) {
      devices.erase(it);
      --connected_;
      was_current = true;
      if (devices.empty()) {
        emptied = std::move(org->second);
        organizations_.erase(org);
      }
    }
  }
  emptied.reset();  // unsubscribes, outside the lock
  return was_current;
}

std::size_t DeviceHub::connected() const {
  std::lock_guard lock(mutex_);
  return connected_;
}

void DeviceHub::OnMessage(const std::shared_ptr<Organization>& organization,
                          const platform::bus::Message& message) {
  const auto decoded = DecodeDeviceMessage(*message);
  if (!decoded) {
    platform::log::Warn("devices.bad_bus_message", {{"organization", organization->id}});
    return;
  }
  std::vector<std::shared_ptr<DeviceConnection>> targets;
  {
    std::lock_guard lock(mutex_);
    if (decoded->all) {
      targets.reserve(organization->devices.size());
      for (const auto& [id, c] : organization->devices) targets.push_back(c);
    } else {
      for (const auto& id : decoded->device_ids) {
        if (auto it = organization->devices.find(id); it != organization->devices.end()) {
          targets.push_back(it->second);
        }
      }
    }
  }
  if (decoded->op == DeviceMessage::Op::kClose) {
    for (const auto& c : targets) {
      if (c->connection_id != decoded->keep) {
        c->socket->Close(decoded->code, decoded->code == device_close::kUnpaired
                                            ? "device unpaired"
                                            : "replaced by a newer connection");
      }
    }
    return;
  }
  const net::Payload frame = net::MakePayload(decoded->frame);  // one copy for all sockets
  std::vector<std::shared_ptr<net::WebSocket>> sockets;
  sockets.reserve(targets.size());
  for (const auto& c : targets) sockets.push_back(c->socket);
  net::SendToMany(sockets, frame);
}

void DeviceHub::SweepLoop() {
  std::unique_lock lock(mutex_);
  // Every few seconds is precise enough for a 45 s rule, and cheap at 20,000 sockets.
  while (!stop_.wait_for(lock, std::chrono::seconds(3), [this] { return stopping_; })) {
    const std::int64_t now = platform::NowMillis();
    std::vector<std::shared_ptr<DeviceConnection>> silent;
    for (const auto& [org_id, organization] : organizations_) {
      for (const auto& [device_id, c] : organization->devices) {
        if (c->last_seen_ms.load(std::memory_order_relaxed) < now - kOfflineAfterMs) {
          silent.push_back(c);
        }
      }
    }
    lock.unlock();
    for (const auto& c : silent) {
      c->socket->Close(net::close_code::kPolicy, "no heartbeat for 45 s");
    }
    silent.clear();
    lock.lock();
  }
}

}  // namespace vizora::devices
