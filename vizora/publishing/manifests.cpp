#include "vizora/publishing/manifests.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <set>

#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "vizora/content/media_links.hpp"
#include "vizora/devices/device_messages.hpp"
#include "vizora/devices/devices_service.hpp"
#include "vizora/devices/held_screens.hpp"
#include "vizora/devices/manifest.hpp"
#include "vizora/playlists/playlists_service.hpp"
#include "vizora/publishing/instant_publishes.hpp"
#include "vizora/realtime/topics.hpp"
#include "vizora/scheduling/schedules_service.hpp"

namespace vizora::publishing {

namespace json = boost::json;
using platform::store::Connection;
using scheduling::DeviceRules;
using scheduling::Segment;

namespace {

constexpr std::int64_t kDaySeconds = 86'400;
// How long a screen waits for its organization's manifests before computing its own.
constexpr std::chrono::milliseconds kWarmUpPatience{2000};

// Manifests start at the top of the hour: the same inputs give the same manifest for an hour.
std::int64_t HourOf(std::int64_t ms) {
  return platform::FloorTo(ms, platform::kMillisPerHour);
}

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

// A computed manifest as screens are sent it (its device ids stay).
devices::SharedManifest Shared(ManifestFor& computed, std::int64_t computed_at) {
  if (computed.held) {
    return devices::HeldManifest(computed.held_reason, computed.allowed_screens, computed_at);
  }
  return devices::MakeManifest(std::move(computed.manifest), computed_at);
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
  const auto held = devices::FindHeldScreens(c, organization_id, now);
  std::vector<std::string> held_ids;
  const OrganizationRules rules(c, organization_id, now);
  const std::int64_t from = HourOf(now);
  const std::int64_t to = from + kHorizonMs + platform::kMillisPerHour;
  // Links valid to a day boundary at least two days out: stable for a day, never short.
  const std::int64_t expires = (now / 1000 / kDaySeconds + 3) * kDaySeconds;

  // Screens with the same rules have the same timeline: computed once per set of rules (an
  // instant publish to 10,000 screens is one timeline), then grouped by the timeline itself.
  std::map<std::string, std::string> timeline_of_rules;  // rules key → timeline key
  std::map<std::string, std::pair<std::vector<Segment>, std::vector<std::string>>> by_timeline;
  for (const auto& screen : screens) {
    if (held.ids.contains(screen.id)) {
      held_ids.push_back(screen.id);
      continue;
    }
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
  if (!held_ids.empty()) {
    out.push_back({.device_ids = std::move(held_ids),
                   .held = true,
                   .held_reason = held.reason,
                   .allowed_screens = held.allowed});
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
    : db_(db), bus_(bus), media_key_(std::move(media_key)) {
  changes_ = platform::bus::SubscribeBlocking(
      bus_, realtime::ManifestsChangedTopic(), [this](const platform::bus::Message& m) {
        boost::system::error_code ec;
        const json::value v = json::parse(*m, ec);
        const auto* organization =
            v.is_object() ? v.as_object().if_contains("organizationId") : nullptr;
        const auto* computed_at = v.is_object() ? v.as_object().if_contains("computedAt") : nullptr;
        if (organization == nullptr || !organization->is_string() || computed_at == nullptr ||
            !computed_at->is_int64()) {
          platform::log::Warn("manifests.bad_change_message", {});
          return;
        }
        cache_.Invalidate(std::string(organization->as_string()), computed_at->as_int64());
      });
}

boost::asio::awaitable<devices::SharedManifest> Manifests::ForDevice(
    const std::string& organization_id, const std::string& device_id) {
  const std::int64_t now = platform::NowMillis();
  if (auto known = cache_.Find(organization_id, device_id, HourOf(now))) co_return known;
  // Unknown here, or a screen the last computation did not know (paired since): the
  // organization is computed again, and this screen waits for it.
  const auto warming = WarmUp(organization_id);
  co_await warming->Wait(kWarmUpPatience);
  if (auto known = cache_.Find(organization_id, device_id, HourOf(now))) co_return known;
  // Still unknown (paired meanwhile, or the computation failed): this screen alone.
  const std::int64_t at = platform::NowMillis();
  auto computed = co_await db_.Read([&](Connection& c) {
    return ComputeManifests(c, organization_id, device_id, at, media_key_);
  });
  if (computed.empty()) co_return devices::NothingToPlay();  // unpaired meanwhile
  auto manifest = Shared(computed.front(), at);
  cache_.Add(organization_id, device_id, HourOf(at), manifest);
  co_return manifest;
}

Manifests::Computed Manifests::ComputeOrganization(const std::string& organization_id,
                                                   std::int64_t now) {
  auto manifests = db_.ReadBlocking([&](Connection& c) {
    return ComputeManifests(c, organization_id, std::nullopt, now, media_key_);
  });
  Computed out;
  for (auto& m : manifests) {
    auto shared = Shared(m, now);
    for (const auto& id : m.device_ids) out.by_device.emplace(id, shared);
    out.groups.emplace_back(std::move(shared), std::move(m.device_ids));
  }
  return out;
}

std::shared_ptr<platform::cache::Flight<bool>> Manifests::WarmUp(
    const std::string& organization_id) {
  std::shared_ptr<platform::cache::Flight<bool>> flight;
  {
    std::lock_guard lock(warming_mutex_);
    auto& slot = warming_[organization_id];
    if (slot) return slot;
    slot = flight = std::make_shared<platform::cache::Flight<bool>>();
  }
  pool_.Post([this, organization_id, flight] {
    bool stored = false;
    try {
      const std::int64_t now = platform::NowMillis();
      auto computed = ComputeOrganization(organization_id, now);
      const std::size_t screens = computed.by_device.size();
      stored =
          cache_.Store(organization_id, HourOf(now), now, std::move(computed.by_device)).stored;
      platform::log::Info("manifests.warmed", {{"organizationId", organization_id},
                                               {"screens", screens},
                                               {"frames", computed.groups.size()},
                                               {"ms", platform::NowMillis() - now}});
    } catch (const std::exception& e) {
      platform::log::Error("manifests.warm_up_failed",
                           {{"organizationId", organization_id}, {"error", e.what()}});
    }
    {
      std::lock_guard lock(warming_mutex_);
      warming_.erase(organization_id);
    }
    flight->Land(stored);
  });
  return flight;
}

std::size_t Manifests::PushNow(const std::string& organization_id) {
  const auto started = std::chrono::steady_clock::now();
  const std::int64_t now = platform::NowMillis();
  auto [groups, by_device] = ComputeOrganization(organization_id, now);
  const auto computed_at = std::chrono::steady_clock::now();
  const std::size_t total = by_device.size();
  // What this instance computed last tells which screens' manifests changed; without it (the
  // first push here, or another instance pushed since) every screen is sent, and each hub
  // still skips the sockets that hold the version already.
  auto stored = cache_.Store(organization_id, HourOf(now), now, std::move(by_device));
  bus_.Publish(
      realtime::ManifestsChangedTopic(),
      json::serialize(json::object{{"organizationId", organization_id}, {"computedAt", now}}));
  std::size_t screens = 0;
  for (auto& [manifest, device_ids] : groups) {
    if (stored.previous) {
      std::erase_if(device_ids, [&, &m = manifest](const std::string& id) {
        const auto was = stored.previous->find(id);
        return was != stored.previous->end() && was->second->version == m->version;
      });
    }
    if (device_ids.empty()) continue;
    if (!manifest->held) screens += device_ids.size();
    const bool all = groups.size() == 1 && device_ids.size() == total;
    devices::Publish(bus_, organization_id,
                     {.op = devices::DeviceMessage::Op::kSend,
                      .frame = *manifest->frame,
                      .device_ids = all ? std::vector<std::string>{} : std::move(device_ids),
                      .all = all,
                      .manifest_version = manifest->version,
                      .computed_at = now});
  }
  auto us = [](auto d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count(); };
  platform::log::Info("manifests.pushed",
                      {{"organizationId", organization_id},
                       {"screens", screens},
                       {"frames", groups.size()},
                       {"computeUs", us(computed_at - started)},
                       {"sendUs", us(std::chrono::steady_clock::now() - computed_at)}});
  return screens;
}

void Manifests::Resync(const std::vector<std::string>& organization_ids) {
  cache_.InvalidateAll(platform::NowMillis());
  platform::log::Info("manifests.resync", {{"organizations", organization_ids.size()}});
  for (const auto& organization_id : organization_ids) Push(organization_id);
}

void Manifests::Push(const std::string& organization_id,
                     std::function<void(std::size_t screens)> sent) {
  pool_.Post(
      [this, organization_id, sent = std::move(sent), asked = std::chrono::steady_clock::now()] {
        try {
          const std::size_t screens = PushNow(organization_id);
          if (push_seconds_) {
            push_seconds_->Observe(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - asked).count());
          }
          if (sent) sent(screens);
        } catch (const std::exception& e) {
          platform::log::Error("manifests.push_failed",
                               {{"organizationId", organization_id}, {"error", e.what()}});
        }
      });
}

}  // namespace vizora::publishing
