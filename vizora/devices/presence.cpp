#include "vizora/devices/presence.hpp"

#include <boost/json/serialize.hpp>
#include <map>

#include "platform/core/clock.hpp"
#include "platform/store/sql_builder.hpp"

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
    if (!e.update_device) return;
    c.Execute(
        "UPDATE devices SET last_heartbeat = $2, metrics = $3, current_content = $4 WHERE id = $1",
        {e.device_id, e.at, e.metrics_json, store::Nullable(e.current_content_json)});
  }
};

struct UptimeKey {
  std::string organization_id, device_id;
  std::int64_t hour = 0;
  auto operator<=>(const UptimeKey&) const = default;
};

}  // namespace

void WritePresence(store::Connection& c, std::vector<PresenceEvent>& batch) {
  store::Params beats;
  std::map<UptimeKey, std::pair<std::int64_t, std::int64_t>> uptime;  // online ms, beats
  for (const auto& event : batch) {
    std::visit(Apply{c}, event);
    const auto* e = std::get_if<Heartbeat>(&event);
    if (e == nullptr) continue;
    beats.insert(beats.end(), {e->organization_id, e->device_id, e->at, store::Nullable(e->cpu),
                               store::Nullable(e->memory), store::Nullable(e->storage_used),
                               store::Nullable(e->latency_ms), store::Nullable(e->playlist_id),
                               store::Nullable(e->content_id)});
    auto& [online_ms, count] = uptime[UptimeKey{
        e->organization_id, e->device_id, platform::FloorTo(e->at, platform::kMillisPerHour)}];
    online_ms += e->covered_ms;
    ++count;
  }
  store::InsertRows(c,
                    "INSERT INTO heartbeats (organization_id, device_id, at, cpu, memory, "
                    "storage_used, latency_ms, playlist_id, content_id) VALUES ",
                    9, beats);
  store::Params hours;
  for (const auto& [key, sums] : uptime) {
    hours.insert(hours.end(), {key.organization_id, key.hour, key.device_id,
                               std::min(sums.first, platform::kMillisPerHour), sums.second});
  }
  // An hour holds at most an hour: a beat just after the hour turned may vouch for a few
  // seconds of the hour before, which is credited to its own hour but never beyond 100 %.
  store::InsertRows(c,
                    "INSERT INTO device_uptime_hourly (organization_id, hour, device_id, "
                    "online_ms, heartbeats) VALUES ",
                    5, hours,
                    " ON CONFLICT (organization_id, hour, device_id) DO UPDATE SET online_ms = "
                    "CASE WHEN device_uptime_hourly.online_ms + excluded.online_ms > 3600000 THEN "
                    "3600000 ELSE device_uptime_hourly.online_ms + excluded.online_ms END, "
                    "heartbeats = device_uptime_hourly.heartbeats + excluded.heartbeats");
}

}  // namespace vizora::devices
