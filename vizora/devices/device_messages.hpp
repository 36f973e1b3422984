#pragma once

// What travels on an organization's devices topic (realtime::DevicesTopic) to the instances
// holding its sockets. Frames for devices are serialized once by the sender and sent as is to
// every socket they target.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/bus/bus.hpp"

namespace vizora::devices {

// Close codes of API.md "WebSocket: devices".
namespace device_close {
inline constexpr std::uint16_t kBadToken = 4401;
inline constexpr std::uint16_t kUnpaired = 4403;
inline constexpr std::uint16_t kNoHello = 4408;
inline constexpr std::uint16_t kReplaced = 4409;
}  // namespace device_close

struct DeviceMessage {
  enum class Op { kSend, kClose };
  Op op = Op::kSend;
  // kSend: the frame, to these devices, or to every device of the organization when empty
  // and `all` is set.
  std::string frame;
  std::vector<std::string> device_ids;
  bool all = false;
  // A manifest (optional): sockets that have this version, or a later computation, are
  // skipped (DeviceConnection::Offer).
  std::string manifest_version;
  std::int64_t computed_at = 0;
  // kClose: close the device's socket with `code`, unless it is connection `keep`.
  std::uint16_t code = 0;
  std::string keep;
};

std::string Encode(const DeviceMessage& message);
std::optional<DeviceMessage> DecodeDeviceMessage(const std::string& text);

void Publish(platform::bus::Bus& bus, const std::string& organization_id,
             const DeviceMessage& message);

}  // namespace vizora::devices
