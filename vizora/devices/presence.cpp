#include "vizora/devices/presence.hpp"

#include <boost/json/serialize.hpp>

namespace vizora::devices {

namespace store = platform::store;

namespace {

struct Apply {
  store::Connection& c;

  void operator()(const WentOnline& e) const {
    c.Execute(
        "UPDATE devices SET status = 'online', connection_id = $2, last_heartbeat = $3, "
        "player = $4, updated_at = $3 WHERE id = $1",
        {e.device_id, e.connection_id, e.at, boost::json::serialize(e.player)});
  }
  void operator()(const WentOffline& e) const {
    c.Execute(
        "UPDATE devices SET status = 'offline', updated_at = $3 WHERE id = $1 AND "
        "connection_id = $2",
        {e.device_id, e.connection_id, e.at});
  }
  void operator()(const Heartbeat& e) const {
    c.Execute(
        "INSERT INTO heartbeats (organization_id, device_id, at, cpu, memory, storage_used, "
        "latency_ms, playlist_id, content_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {e.organization_id, e.device_id, e.at, store::Nullable(e.cpu), store::Nullable(e.memory),
         store::Nullable(e.storage_used), store::Nullable(e.latency_ms),
         store::Nullable(e.playlist_id), store::Nullable(e.content_id)});
    if (!e.update_device) return;
    c.Execute(
        "UPDATE devices SET last_heartbeat = $2, metrics = $3, current_content = $4 WHERE id = $1",
        {e.device_id, e.at, e.metrics_json, store::Nullable(e.current_content_json)});
  }
};

}  // namespace

void WritePresence(store::Connection& c, std::vector<PresenceEvent>& batch) {
  for (const auto& event : batch) std::visit(Apply{c}, event);
}

}  // namespace vizora::devices
