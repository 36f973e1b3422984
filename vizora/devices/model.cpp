#include "vizora/devices/model.hpp"

#include "platform/core/clock.hpp"

namespace vizora::devices {

namespace json = boost::json;

namespace {

json::value OptionalTime(const std::optional<std::int64_t>& t) {
  return t ? json::value(platform::FormatIso8601(*t)) : json::value(nullptr);
}

}  // namespace

std::string_view EffectiveStatus(const Device& d, std::int64_t now) {
  if (d.status == "online" && d.last_heartbeat.value_or(0) < now - kPresumedOfflineAfterMs) {
    return "offline";
  }
  return d.status;
}

json::object ToJson(const Device& d, std::int64_t now) {
  json::array groups;
  for (const auto& g : d.group_ids) groups.emplace_back(g);
  return {{"id", d.id},
          {"nickname", d.nickname},
          {"location", d.location},
          {"timezone", d.timezone},
          {"status", EffectiveStatus(d, now)},
          {"lastHeartbeat", OptionalTime(d.last_heartbeat)},
          {"metadata", d.metadata},
          {"metrics", d.metrics ? json::value(*d.metrics) : json::value(nullptr)},
          {"player", d.player ? json::value(*d.player) : json::value(nullptr)},
          {"groupIds", std::move(groups)},
          {"defaultPlaylistId",
           d.default_playlist_id ? json::value(*d.default_playlist_id) : json::value(nullptr)},
          {"currentContent",
           d.current_content ? json::value(*d.current_content) : json::value(nullptr)},
          {"pairedAt", OptionalTime(d.paired_at)},
          {"held", d.held},
          {"createdAt", platform::FormatIso8601(d.created_at)}};
}

json::object ToJson(const DeviceGroup& g) {
  return {{"id", g.id},
          {"name", g.name},
          {"deviceCount", g.device_count},
          {"createdAt", platform::FormatIso8601(g.created_at)}};
}

}  // namespace vizora::devices
