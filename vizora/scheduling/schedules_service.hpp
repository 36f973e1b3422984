#pragma once

// The schedules of an organization (API.md "Scheduling"). A schedule puts a playlist on its
// target screens (devices and/or groups) at the firings of its cron expression in its time
// zone, for durationMinutes (or until superseded), between startDate and endDate, when active.
// Invalid cron, unknown zones, end before start, priorities outside 0-100, foreign playlists
// or screens: 422 VALIDATION_002, nothing saved.

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
#include "vizora/scheduling/model.hpp"

namespace vizora::scheduling {

struct ScheduleInput {
  std::string name, description, playlist_id, cron_expression, timezone = "UTC";
  std::optional<std::int64_t> duration_minutes, start_date, end_date;
  std::int64_t priority = 0;
  bool is_active = true, allow_override = true;
  std::vector<std::string> device_ids, group_ids;
};

// Fields given in a PATCH; `set_*` marks those that may be set to null.
struct SchedulePatch {
  std::optional<std::string> name, description, playlist_id, cron_expression, timezone;
  bool set_duration = false, set_start = false, set_end = false;
  std::optional<std::int64_t> duration_minutes, start_date, end_date, priority;
  std::optional<bool> is_active, allow_override;
  std::optional<std::vector<std::string>> device_ids, group_ids;
};

struct SchedulePage {
  std::vector<Schedule> items;
  std::optional<std::string> next_cursor;
};

// Every schedule of the organization (the resolver's input), in the caller's transaction.
std::vector<Schedule> LoadSchedules(platform::store::Connection& c,
                                    const std::string& organization_id);

class SchedulesService {
 public:
  using Changed = std::function<void(const std::string& organization_id)>;
  SchedulesService(platform::store::Database& db, Changed changed);

  boost::asio::awaitable<SchedulePage> List(const identity::Principal& who,
                                            platform::net::PageRequest page);
  boost::asio::awaitable<platform::Result<Schedule>> Get(const identity::Principal& who,
                                                         std::string id);
  boost::asio::awaitable<platform::Result<Schedule>> Create(const identity::Principal& who,
                                                            ScheduleInput input,
                                                            identity::RequestMeta meta);
  boost::asio::awaitable<platform::Result<Schedule>> Update(const identity::Principal& who,
                                                            std::string id, SchedulePatch patch,
                                                            identity::RequestMeta meta);
  boost::asio::awaitable<platform::Result<bool>> Delete(const identity::Principal& who,
                                                        std::string id, identity::RequestMeta meta);

 private:
  platform::store::Database& db_;
  Changed changed_;
};

// playlists::PlaylistUsers for schedules.
class SchedulePlaylistUsers final : public playlists::PlaylistUsers {
 public:
  boost::json::object Using(platform::store::Connection& c,
                            const std::string& playlist_id) override;
};

}  // namespace vizora::scheduling
