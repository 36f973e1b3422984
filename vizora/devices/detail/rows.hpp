#pragma once

// Reading devices and groups from rows, shared by the services of this module.

#include <string>
#include <string_view>
#include <vector>

#include "platform/store/database.hpp"
#include "vizora/devices/model.hpp"

namespace vizora::devices::detail {

inline constexpr std::string_view kDeviceColumns =
    "d.id, d.organization_id, d.nickname, d.location, d.timezone, d.status, "
    "d.default_playlist_id, d.last_heartbeat, d.paired_at, d.created_at, d.metadata, d.metrics, "
    "d.current_content, d.player";

Device DeviceFrom(const platform::store::Row& row);
// Fills group_ids of each device (one query for all of them).
void LoadGroupIds(platform::store::Connection& c, std::vector<Device>& devices);
// Sets `held` on each device beyond the organization's plan (held_screens.hpp).
void MarkHeld(platform::store::Connection& c, const std::string& organization_id,
              std::vector<Device>& devices);
std::optional<Device> FindDevice(platform::store::Connection& c, const std::string& organization_id,
                                 const std::string& id);
// Ids among `group_ids` that are not groups of the organization.
std::vector<std::string> UnknownGroups(platform::store::Connection& c,
                                       const std::string& organization_id,
                                       const std::vector<std::string>& group_ids);
void SetGroups(platform::store::Connection& c, const std::string& device_id,
               const std::vector<std::string>& group_ids);

}  // namespace vizora::devices::detail
