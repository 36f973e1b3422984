#pragma once

// Instant publishes (API.md "Playlists and publishing"): a playlist on screens, groups or all
// screens at once, until it expires or is ended. It outranks schedules that allow override
// (scheduling/resolver.hpp). Its end is in the screens' timelines, so they switch back on
// time even offline; a `publishing.expired` job pushes fresh manifests when it ends.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/error.hpp"
#include "platform/net/pagination.hpp"
#include "platform/store/database.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/model.hpp"
#include "vizora/playlists/playlists_service.hpp"

namespace vizora::publishing {

inline constexpr std::string_view kExpiredQueue = "publishing.expired";
inline constexpr std::int64_t kMaxPublishMinutes = 366 * 24 * 60;

struct InstantPublish {
  std::string id, organization_id, playlist_id;
  bool all_devices = false;
  std::vector<std::string> device_ids, group_ids;
  std::int64_t starts_at = 0;
  std::optional<std::int64_t> expires_at, ended_at;
  std::optional<std::string> created_by;
  std::int64_t created_at = 0;
  bool ActiveAt(std::int64_t now) const {
    return starts_at <= now && (!expires_at || now < *expires_at) && (!ended_at || now < *ended_at);
  }
};

boost::json::object ToJson(const InstantPublish& publish, std::int64_t now);

struct PublishInput {
  std::vector<std::string> device_ids, group_ids;
  bool all_devices = false;
  std::optional<std::int64_t> expires_at, duration_minutes;
};

struct PublishPage {
  std::vector<InstantPublish> items;
  std::optional<std::string> next_cursor;
};

// The publishes of the organization that are live or still to end (for timelines).
std::vector<InstantPublish> LoadLivePublishes(platform::store::Connection& c,
                                              const std::string& organization_id, std::int64_t now);

class InstantPublishes {
 public:
  // `changed(organization_id, publish_id)` after a committed change (push manifests).
  using Changed = std::function<void(const std::string&, const std::string&)>;
  InstantPublishes(platform::store::Database& db, Changed changed);

  boost::asio::awaitable<platform::Result<InstantPublish>> Publish(const identity::Principal& who,
                                                                   std::string playlist_id,
                                                                   PublishInput input,
                                                                   identity::RequestMeta meta);
  boost::asio::awaitable<PublishPage> List(const identity::Principal& who, bool active_only,
                                           platform::net::PageRequest page);
  // Ends it now (404 when unknown or already over).
  boost::asio::awaitable<platform::Result<InstantPublish>> End(const identity::Principal& who,
                                                               std::string id,
                                                               identity::RequestMeta meta);

 private:
  platform::store::Database& db_;
  Changed changed_;
};

// playlists::PlaylistUsers for live publishes.
class PublishPlaylistUsers final : public playlists::PlaylistUsers {
 public:
  boost::json::object Using(platform::store::Connection& c,
                            const std::string& playlist_id) override;
};

}  // namespace vizora::publishing
