#include "vizora/devices/device_messages.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "vizora/realtime/topics.hpp"

namespace vizora::devices {

namespace json = boost::json;

std::string Encode(const DeviceMessage& m) {
  json::array ids;
  for (const auto& id : m.device_ids) ids.emplace_back(id);
  if (m.op == DeviceMessage::Op::kClose) {
    return json::serialize(json::object{
        {"op", "close"}, {"deviceIds", std::move(ids)}, {"code", m.code}, {"keep", m.keep}});
  }
  json::object out{
      {"op", "send"}, {"deviceIds", std::move(ids)}, {"all", m.all}, {"frame", m.frame}};
  if (!m.manifest_version.empty()) {
    out["manifestVersion"] = m.manifest_version;
    out["computedAt"] = m.computed_at;
  }
  return json::serialize(out);
}

std::optional<DeviceMessage> DecodeDeviceMessage(const std::string& text) {
  boost::system::error_code ec;
  const json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto& o = value.as_object();
  DeviceMessage m;
  const auto* op = o.if_contains("op");
  const auto* ids = o.if_contains("deviceIds");
  if (op == nullptr || !op->is_string() || ids == nullptr || !ids->is_array()) return std::nullopt;
  for (const auto& id : ids->as_array()) {
    if (id.is_string()) m.device_ids.emplace_back(id.as_string());
  }
  if (op->as_string() == "close") {
    m.op = DeviceMessage::Op::kClose;
    const auto* code = o.if_contains("code");
    const auto* keep = o.if_contains("keep");
    if (code == nullptr || !code->is_int64() || keep == nullptr || !keep->is_string()) {
      return std::nullopt;
    }
    m.code = static_cast<std::uint16_t>(code->as_int64());
    m.keep = keep->as_string();
    return m;
  }
  const auto* all = o.if_contains("all");
  const auto* frame = o.if_contains("frame");
  if (all == nullptr || !all->is_bool() || frame == nullptr || !frame->is_string()) {
    return std::nullopt;
  }
  m.all = all->as_bool();
  m.frame = frame->as_string();
  const auto* version = o.if_contains("manifestVersion");
  const auto* computed_at = o.if_contains("computedAt");
  if (version != nullptr && version->is_string() && computed_at != nullptr &&
      computed_at->is_int64()) {
    m.manifest_version = version->as_string();
    m.computed_at = computed_at->as_int64();
  }
  return m;
}

void Publish(platform::bus::Bus& bus, const std::string& organization_id,
             const DeviceMessage& message) {
  bus.Publish(realtime::DevicesTopic(organization_id), Encode(message));
}

}  // namespace vizora::devices
