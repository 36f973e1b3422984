#include "vizora/devices/detail/rows.hpp"

#include <map>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/store/json_columns.hpp"
#include "platform/store/sql_builder.hpp"
#include "vizora/devices/held_screens.hpp"

namespace vizora::devices::detail {

namespace store = platform::store;

Device DeviceFrom(const store::Row& r) {
  Device d;
  d.id = r.Text(0);
  d.organization_id = r.Text(1);
  d.nickname = r.Text(2);
  d.location = r.Text(3);
  d.timezone = r.Text(4);
  d.status = r.Text(5);
  d.default_playlist_id = r.OptText(6);
  d.last_heartbeat = r.OptInt(7);
  d.paired_at = r.OptInt(8);
  d.created_at = r.Int(9);
  d.metadata = store::JsonObjectColumn(r, 10).value_or(boost::json::object{});
  d.metrics = store::JsonObjectColumn(r, 11);
  d.current_content = store::JsonObjectColumn(r, 12);
  d.player = store::JsonObjectColumn(r, 13);
  return d;
}

void LoadGroupIds(store::Connection& c, std::vector<Device>& devices) {
  if (devices.empty()) return;
  store::Params params;
  std::map<std::string, Device*> by_id;
  for (auto& d : devices) {
    params.emplace_back(d.id);
    by_id[d.id] = &d;
  }
  const auto rows =
      c.Query("SELECT device_id, group_id FROM device_group_members WHERE device_id IN (" +
                  store::Placeholders(1, devices.size()) + ") ORDER BY group_id",
              params);
  for (const auto& row : rows) by_id.at(row.Text(0))->group_ids.push_back(row.Text(1));
}

void MarkHeld(store::Connection& c, const std::string& organization_id,
              std::vector<Device>& devices) {
  if (devices.empty()) return;
  const auto held = FindHeldScreens(c, organization_id, platform::NowMillis());
  for (auto& d : devices) d.held = held.ids.contains(d.id);
}

std::optional<Device> FindDevice(store::Connection& c, const std::string& organization_id,
                                 const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows = c.Query("SELECT " + std::string(kDeviceColumns) +
                                " FROM devices d WHERE d.id = $1 AND d.organization_id = $2",
                            {id, organization_id});
  if (rows.empty()) return std::nullopt;
  std::vector<Device> one{DeviceFrom(rows[0])};
  LoadGroupIds(c, one);
  MarkHeld(c, organization_id, one);
  return std::move(one[0]);
}

std::vector<std::string> UnknownGroups(store::Connection& c, const std::string& organization_id,
                                       const std::vector<std::string>& group_ids) {
  std::vector<std::string> unknown;
  for (const auto& id : group_ids) {
    if (!platform::IsUuid(id) ||
        c.Query("SELECT 1 FROM device_groups WHERE id = $1 AND organization_id = $2",
                {id, organization_id})
            .empty()) {
      unknown.push_back(id);
    }
  }
  return unknown;
}

void SetGroups(store::Connection& c, const std::string& device_id,
               const std::vector<std::string>& group_ids) {
  c.Execute("DELETE FROM device_group_members WHERE device_id = $1", {device_id});
  for (const auto& group_id : group_ids) {
    c.Execute(
        "INSERT INTO device_group_members (group_id, device_id) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING",
        {group_id, device_id});
  }
}

}  // namespace vizora::devices::detail
