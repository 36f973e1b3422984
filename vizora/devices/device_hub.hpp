#pragma once

// The device sockets this instance holds, by organization, and the bus topics that reach
// them. A message on an organization's devices topic (a command, an unpair, a replacement) is
// applied to the local sockets it concerns; one serialized frame is shared by all of them.
//
// It also keeps the silence rule of API.md "WebSocket: devices": a device silent for 45 s is
// closed (and so goes offline). One sweep thread checks every socket every 3 s; no timer
// per socket.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/bus/bus.hpp"
#include "platform/bus/rooms.hpp"
#include "platform/net/websocket.hpp"

namespace vizora::devices {

// One device's live socket, after its hello.
struct DeviceConnection {
  std::string connection_id;  // unique across instances: which socket is the device's latest
  std::string device_id, organization_id;
  std::shared_ptr<platform::net::WebSocket> socket;
  std::atomic<std::int64_t> last_seen_ms{0};

  // Whether a manifest should go to this socket, recording it if so: not when the socket
  // already has this version, nor when what it has was computed later (a push and a
  // connect's own lookup may race; the newer computation wins). Any thread.
  bool Offer(const std::string& version, std::int64_t computed_at) {
    std::lock_guard lock(manifest_mutex_);
    if (version == manifest_version_ || computed_at < manifest_computed_at_) return false;
    manifest_version_ = version;
    manifest_computed_at_ = computed_at;
    return true;
  }

 private:
  std::mutex manifest_mutex_;
  std::string manifest_version_;  // what this socket was last sent
  std::int64_t manifest_computed_at_ = 0;
};

class DeviceHub {
 public:
  explicit DeviceHub(platform::bus::Bus& bus);
  ~DeviceHub();
  DeviceHub(const DeviceHub&) = delete;
  DeviceHub& operator=(const DeviceHub&) = delete;

  // Its hello was accepted. Resolves once this instance hears the organization's topic. An
  // older socket of the same device is closed with 4409, here or on another instance.
  boost::asio::awaitable<void> Attach(std::shared_ptr<DeviceConnection> connection);
  // The socket ended. True when `connection` was still its device's current socket (so the
  // device really went offline, rather than moved to a newer socket).
  bool Closed(const std::shared_ptr<DeviceConnection>& connection);

  std::size_t connected() const;
  // The organizations with a device connected here.
  std::vector<std::string> Organizations() const;

 private:
  void OnMessage(const std::string& organization_id, const platform::bus::Message& message);
  void SweepLoop();

  platform::bus::Bus& bus_;
  // Rooms are organizations; members are their devices' current sockets, by device id.
  platform::bus::Rooms<std::shared_ptr<DeviceConnection>> rooms_;
  std::mutex stop_mutex_;
  std::condition_variable stop_;
  bool stopping_ = false;  // guarded by stop_mutex_
  std::thread sweeper_;
};

}  // namespace vizora::devices
