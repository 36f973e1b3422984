#pragma once

// Screens and device groups of an organization: API.md "Devices". Every query is scoped to the
// caller's organization (an id of another one is simply not found); every change writes an
// audit row in its own transaction and tells the dashboards.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/bus/bus.hpp"
#include "platform/core/error.hpp"
#include "platform/net/pagination.hpp"
#include "platform/store/database.hpp"
#include "vizora/devices/model.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::devices {

namespace errors {
inline constexpr platform::ErrorKind kGroupNameTaken{"CONFLICT_004", 409};
}  // namespace errors

// The commands a screen understands (API.md).
bool IsKnownCommand(std::string_view command);

// How a list of screens is ordered: as they were paired (the default), by name (A to Z, case
// aside), or the most recently heard from first (never heard from last).
enum class DeviceSort { kPaired, kName, kLastSeen };

struct DeviceFilter {
  std::optional<std::string> status;  // online | offline | pairing
  std::optional<std::string> group_id;
  std::optional<std::string> search;  // in nickname and location
  DeviceSort sort = DeviceSort::kPaired;
};

struct DevicePage {
  std::vector<Device> items;
  std::optional<std::string> next_cursor;
};

struct DevicePatch {
  std::optional<std::string> nickname, location, timezone;
  std::optional<std::vector<std::string>> group_ids;
  bool set_default_playlist = false;  // defaultPlaylistId was given (possibly null)
  std::optional<std::string> default_playlist_id;
};

struct CommandTarget {
  std::vector<std::string> device_ids;
  std::vector<std::string> group_ids;  // both empty: every device of the organization
};

struct SentCommand {
  std::string command_id;
  std::int64_t devices = 0;  // how many devices it was sent to
};

struct GroupPage {
  std::vector<DeviceGroup> items;
  std::optional<std::string> next_cursor;
};

// A device as its token proves it (device routes and the device socket).
struct DeviceIdentity {
  std::string device_id, organization_id, nickname;
};

// Ids among these that are not screens (or groups) of the organization, for modules that
// target them (schedules, publishes); in the caller's transaction.
std::vector<std::string> UnknownDevices(platform::store::Connection& c,
                                        const std::string& organization_id,
                                        const std::vector<std::string>& device_ids);
std::vector<std::string> UnknownGroups(platform::store::Connection& c,
                                       const std::string& organization_id,
                                       const std::vector<std::string>& group_ids);

// What decides a screen's timeline on the devices side: its default playlist and groups.
struct ScreenTargets {
  std::string id;
  std::optional<std::string> default_playlist_id;
  std::vector<std::string> group_ids;
};
// Every screen of the organization, or only `device_id` (in the caller's transaction).
std::vector<ScreenTargets> LoadScreenTargets(platform::store::Connection& c,
                                             const std::string& organization_id,
                                             const std::optional<std::string>& device_id);

// The organization's screens whose default playlist this is (in the caller's transaction).
std::vector<std::string> DevicesWithDefaultPlaylist(platform::store::Connection& c,
                                                    const std::string& organization_id,
                                                    const std::string& playlist_id);

class DevicesService {
 public:
  // Whether the organization has the playlist (locking it against deletion for the caller's
  // transaction): the playlists module answers, so a screen's default playlist is real.
  using PlaylistCheck =
      std::function<bool(platform::store::Connection&, const std::string&, const std::string&)>;

  DevicesService(platform::store::Database& db, platform::bus::Bus& bus);
  void SetPlaylistCheck(PlaylistCheck check) { playlist_check_ = std::move(check); }
  // Called with the organization after a change that can alter screens' timelines.
  void SetChanged(std::function<void(const std::string&)> changed) {
    changed_ = std::move(changed);
  }

  boost::asio::awaitable<DevicePage> List(const identity::Principal& who, DeviceFilter filter,
                                          platform::net::PageRequest page);
  boost::asio::awaitable<platform::Result<Device>> Get(const identity::Principal& who,
                                                       std::string device_id);
  boost::asio::awaitable<platform::Result<Device>> Update(const identity::Principal& who,
                                                          std::string device_id, DevicePatch patch,
                                                          identity::RequestMeta meta);
  // Unpairs: the token stops working at once and an open socket is closed with 4403.
  boost::asio::awaitable<platform::Result<bool>> Delete(const identity::Principal& who,
                                                        std::string device_id,
                                                        identity::RequestMeta meta);
  // Sends {"type":"command",...} to the targeted devices wherever they are connected.
  boost::asio::awaitable<platform::Result<SentCommand>> SendCommand(const identity::Principal& who,
                                                                    std::string command,
                                                                    boost::json::object args,
                                                                    CommandTarget target,
                                                                    identity::RequestMeta meta);

  boost::asio::awaitable<GroupPage> ListGroups(const identity::Principal& who,
                                               platform::net::PageRequest page);
  boost::asio::awaitable<platform::Result<DeviceGroup>> CreateGroup(const identity::Principal& who,
                                                                    std::string name,
                                                                    identity::RequestMeta meta);
  boost::asio::awaitable<platform::Result<DeviceGroup>> RenameGroup(const identity::Principal& who,
                                                                    std::string group_id,
                                                                    std::string name,
                                                                    identity::RequestMeta meta);
  boost::asio::awaitable<platform::Result<bool>> DeleteGroup(const identity::Principal& who,
                                                             std::string group_id,
                                                             identity::RequestMeta meta);

  // nullopt for an unknown, revoked or malformed token. Read from the database on every
  // hello, not cached: one indexed read on a pool thread (reads run in parallel), so an
  // unpair takes effect at once on every instance, and a connected screen costs no memory
  // for a token it will not show again until it reconnects (0.45 KiB each, measured).
  boost::asio::awaitable<std::optional<DeviceIdentity>> Authenticate(std::string token);

 private:
  platform::store::Database& db_;
  platform::bus::Bus& bus_;
  PlaylistCheck playlist_check_;
  std::function<void(const std::string&)> changed_;
};

}  // namespace vizora::devices
