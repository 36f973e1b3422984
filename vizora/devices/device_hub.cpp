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

DeviceHub::DeviceHub(platform::bus::Bus& bus)
    : bus_(bus),
      rooms_(bus, realtime::DevicesTopic,
             [this](const std::string& organization_id, const platform::bus::Message& m) {
               OnMessage(organization_id, m);
             }),
      sweeper_([this] { SweepLoop(); }) {}

DeviceHub::~DeviceHub() {
  {
    std::lock_guard lock(stop_mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  sweeper_.join();
}

awaitable<void> DeviceHub::Attach(std::shared_ptr<DeviceConnection> connection) {
  const auto replaced =
      co_await rooms_.Join(connection->organization_id, connection->device_id, connection);
  if (replaced) {
    (*replaced)->socket->Close(device_close::kReplaced, "replaced by a newer connection");
  }
  // Other instances close their socket of this device, if any.
  Publish(bus_, connection->organization_id,
          {.op = DeviceMessage::Op::kClose,
           .device_ids = {connection->device_id},
           .code = device_close::kReplaced,
           .keep = connection->connection_id});
}

bool DeviceHub::Closed(const std::shared_ptr<DeviceConnection>& connection) {
  return rooms_.Leave(connection->organization_id, connection->device_id, connection);
}

std::size_t DeviceHub::connected() const {
  return rooms_.size();
}

std::vector<std::string> DeviceHub::Organizations() const {
  return rooms_.Names();
}

void DeviceHub::OnMessage(const std::string& organization_id,
                          const platform::bus::Message& message) {
  const auto decoded = DecodeDeviceMessage(*message);
  if (!decoded) {
    platform::log::Warn("devices.bad_bus_message", {{"organization", organization_id}});
    return;
  }
  const auto targets = decoded->all ? rooms_.Members(organization_id)
                                    : rooms_.Members(organization_id, decoded->device_ids);
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
  for (const auto& c : targets) {
    if (decoded->manifest_version.empty() ||
        c->Offer(decoded->manifest_version, decoded->computed_at)) {
      sockets.push_back(c->socket);
    }
  }
  net::SendToMany(sockets, frame);
}

void DeviceHub::SweepLoop() {
  std::unique_lock lock(stop_mutex_);
  // Every few seconds is precise enough for a 45 s rule, and cheap at 20,000 sockets.
  while (!stop_.wait_for(lock, std::chrono::seconds(3), [this] { return stopping_; })) {
    const std::int64_t quiet_since = platform::NowMillis() - kOfflineAfterMs;
    const auto silent = rooms_.AllMembers([quiet_since](const auto& c) {
      return c->last_seen_ms.load(std::memory_order_relaxed) < quiet_since;
    });
    lock.unlock();
    for (const auto& c : silent) {
      c->socket->Close(net::close_code::kPolicy, "no heartbeat for 45 s");
    }
    lock.lock();
  }
}

}  // namespace vizora::devices
