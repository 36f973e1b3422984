#include "vizora/publishing/manifests.hpp"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <set>

#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "vizora/content/media_links.hpp"
#include "vizora/devices/device_messages.hpp"
#include "vizora/devices/devices_service.hpp"
#include "vizora/devices/manifest.hpp"
#include "vizora/playlists/playlists_service.hpp"
#include "vizora/publishing/instant_publishes.hpp"
#include "vizora/scheduling/schedules_service.hpp"

namespace vizora::publishing {

namespace json = boost::json;
using platform::store::Connection;
using scheduling::DeviceRules;
using scheduling::Segment;

namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDaySeconds = 86'400;

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool Intersects(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (const auto& x : a) {
    if (Contains(b, x)) return true;
  }
  return false;
}

// The organization's rules, loaded once and then picked per screen.
struct OrganizationRules {
  std::vector<std::pair<scheduling::Schedule, scheduling::ScheduleRule>> schedules;
  std::vector<InstantPublish> publishes;

  OrganizationRules(Connection& c, const std::string& organization_id, std::int64_t now)
      : publishes(LoadLivePublishes(c, organization_id, now)) {
    for (auto& s : scheduling::LoadSchedules(c, organization_id)) {
      if (auto rule = scheduling::RuleOf(s)) schedules.emplace_back(std::move(s), std::move(*rule));
    }
  }

  DeviceRules For(const devices::ScreenTargets& screen) const {
    DeviceRules rules{.default_playlist = screen.default_playlist_id};
    for (const auto& [s, rule] : schedules) {
      if (Contains(s.device_ids, screen.id) || Intersects(s.group_ids, screen.group_ids)) {
        rules.schedules.push_back(rule);
      }
    }
    for (const auto& p : publishes) {
      if (p.all_devices || Contains(p.device_ids, screen.id) ||
          Intersects(p.group_ids, screen.group_ids)) {
        std::optional<std::int64_t> until = p.expires_at;
        if (p.ended_at && (!until || *p.ended_at < *until)) until = p.ended_at;
        rules.publishes.push_back({p.id, p.playlist_id, p.starts_at, until});
      }
    }
    return rules;
  }
};

json::object PlaylistJson(const playlists::Playlist& p) {
  json::object out = playlists::ToJson(p);
  out.erase("createdBy");
  out.erase("createdAt");
  out.erase("updatedAt");
  out.erase("description");
  return out;
}

}  // namespace

json::array SegmentsJson(const std::vector<Segment>& segments) {
  json::array out;
  for (const auto& s : segments) {
    out.push_back(json::object{
        {"start", platform::FormatIso8601(s.start)},
        {"end", platform::FormatIso8601(s.end)},
        {"playlistId", s.decision.playlist_id.empty() ? json::value(nullptr)
                                                      : json::value(s.decision.playlist_id)},
        {"source", scheduling::SourceName(s.decision.source)},
        {"sourceId",
         s.decision.source_id.empty() ? json::value(nullptr) : json::value(s.decision.source_id)}});
  }
  return out;
}

std::vector<ManifestFor> ComputeManifests(Connection& c, const std::string& organization_id,
                                          const std::optional<std::string>& device_id,
                                          std::int64_t now, std::string_view media_key) {
  const auto screens = devices::LoadScreenTargets(c, organization_id, device_id);
  if (screens.empty()) return {};
  const OrganizationRules rules(c, organization_id, now);
  // From the top of the hour: the same inputs give the same manifest for an hour.
  const std::int64_t from = now - now % kHourMs;
  const std::int64_t to = from + kHorizonMs + kHourMs;
  // Links valid to a day boundary at least two days out: stable for a day, never short.
  const std::int64_t expires = (now / 1000 / kDaySeconds + 3) * kDaySeconds;

  // Screens with the same rules have the same timeline: computed once per set of rules (an
  // instant publish to 10,000 screens is one timeline), then grouped by the timeline itself.
  std::map<std::string, std::string> timeline_of_rules;  // rules key → timeline key
  std::map<std::string, std::pair<std::vector<Segment>, std::vector<std::string>>> by_timeline;
  for (const auto& screen : screens) {
    const DeviceRules screen_rules = rules.For(screen);
    std::string rules_key = screen_rules.default_playlist.value_or("-");
    for (const auto& s : screen_rules.schedules) rules_key += "|s" + s.id;
    for (const auto& p : screen_rules.publishes) rules_key += "|p" + p.id;
    auto known = timeline_of_rules.find(rules_key);
    if (known == timeline_of_rules.end()) {
      auto segments = scheduling::Timeline(screen_rules, from, to);
      const std::string key = json::serialize(SegmentsJson(segments));
      auto& entry = by_timeline[key];
      if (entry.second.empty()) entry.first = std::move(segments);
      known = timeline_of_rules.emplace(std::move(rules_key), key).first;
    }
    by_timeline[known->second].second.push_back(screen.id);
  }
  std::vector<ManifestFor> out;
  for (auto& [key, entry] : by_timeline) {
    std::vector<std::string> playlist_ids;
    for (const auto& s : entry.first) {
      if (!s.decision.playlist_id.empty() && !Contains(playlist_ids, s.decision.playlist_id)) {
        playlist_ids.push_back(s.decision.playlist_id);
      }
    }
    const auto lists = playlists::LoadPlaylists(c, organization_id, playlist_ids);
    json::array playlists_json;
    std::vector<std::string> content_ids;
    for (const auto& p : lists) {
      playlists_json.push_back(PlaylistJson(p));
      for (const auto& item : p.items) {
        if (!Contains(content_ids, item.content_id)) content_ids.push_back(item.content_id);
      }
    }
    json::object manifest{
        {"validFrom", platform::FormatIso8601(from)},
        {"validUntil", platform::FormatIso8601(to)},
        {"timeline", SegmentsJson(entry.first)},
        {"playlists", std::move(playlists_json)},
        {"content", content::ManifestContent(c, organization_id, content_ids, expires, media_key)}};
    out.push_back({devices::Versioned(std::move(manifest)), std::move(entry.second)});
  }
  return out;
}

std::vector<Segment> DeviceTimeline(Connection& c, const std::string& organization_id,
                                    const std::string& device_id, std::int64_t from,
                                    std::int64_t to) {
  const auto screens = devices::LoadScreenTargets(c, organization_id, device_id);
  if (screens.empty()) return {};
  const OrganizationRules rules(c, organization_id, from);
  return scheduling::Timeline(rules.For(screens.front()), from, to);
}

Manifests::Manifests(platform::store::Database& db, platform::bus::Bus& bus, std::string media_key)
    : db_(db), bus_(bus), media_key_(std::move(media_key)) {}

boost::asio::awaitable<json::object> Manifests::ForDevice(const std::string& organization_id,
                                                          const std::string& device_id) {
  const std::int64_t now = platform::NowMillis();
  auto computed = co_await db_.Transact([&](Connection& c) {
    auto manifests = ComputeManifests(c, organization_id, device_id, now, media_key_);
    // What the screen now has: a push of the same manifest would be wasted on it.
    for (const auto& m : manifests) {
      devices::RecordManifestVersion(c, m.device_ids,
                                     std::string(m.manifest.at("version").as_string()));
    }
    return manifests;
  });
  if (computed.empty()) co_return devices::EmptyManifest();
  co_return std::move(computed.front().manifest);
}

std::size_t Manifests::PushNow(const std::string& organization_id) {
  const auto started = std::chrono::steady_clock::now();
  const std::int64_t now = platform::NowMillis();
  std::int64_t computed_us = 0;
  // Only screens whose manifest changed get one (recorded in the same transaction).
  const auto changed = db_.TransactBlocking([&](Connection& c) {
    auto manifests = ComputeManifests(c, organization_id, std::nullopt, now, media_key_);
    computed_us = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
    for (auto& m : manifests) {
      m.device_ids = devices::RecordManifestVersion(
          c, m.device_ids, std::string(m.manifest.at("version").as_string()));
    }
    return manifests;
  });
  const auto recorded = std::chrono::steady_clock::now();
  std::size_t screens = 0;
  for (const auto& m : changed) {
    if (m.device_ids.empty()) continue;
    screens += m.device_ids.size();
    json::object frame = m.manifest;
    frame["type"] = "manifest";
    devices::Publish(bus_, organization_id,
                     {.op = devices::DeviceMessage::Op::kSend,
                      .frame = json::serialize(frame),
                      .device_ids = m.device_ids});
  }
  auto us = [](auto d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); };
  platform::log::Info("manifests.pushed",
                      {{"organizationId", organization_id},
                       {"screens", screens},
                       {"frames", changed.size()},
                       {"computeUs", computed_us},
                       {"recordUs", us(recorded - started) - computed_us},
                       {"sendUs", us(std::chrono::steady_clock::now() - recorded)}});
  return screens;
}

void Manifests::Push(const std::string& organization_id,
                     std::function<void(std::size_t screens)> sent) {
  pool_.Post([this, organization_id, sent = std::move(sent)] {
    try {
      const std::size_t screens = PushNow(organization_id);
      if (sent) sent(screens);
    } catch (const std::exception& e) {
      platform::log::Error("manifests.push_failed",
                           {{"organizationId", organization_id}, {"error", e.what()}});
    }
  });
}

}  // namespace vizora::publishing
