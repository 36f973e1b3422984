#include "vizora/scheduling/model.hpp"

#include <algorithm>

#include "platform/core/clock.hpp"
#include "platform/core/time_zone.hpp"
#include "vizora/scheduling/cron.hpp"

namespace vizora::scheduling {

namespace json = boost::json;

namespace {
json::value Time(const std::optional<std::int64_t>& t) {
  return t ? json::value(platform::FormatIso8601(*t)) : json::value(nullptr);
}
json::array Ids(const std::vector<std::string>& ids) {
  json::array out;
  for (const auto& id : ids) out.emplace_back(id);
  return out;
}
}  // namespace

std::optional<std::int64_t> NextExecution(const Schedule& s, std::int64_t now) {
  if (!s.is_active) return std::nullopt;
  const auto cron = CronExpression::Parse(s.cron_expression);
  const auto zone = platform::TimeZone::Find(s.timezone);
  if (!cron || !zone) return std::nullopt;
  const std::int64_t from = s.start_date ? std::max(now, *s.start_date - 1) : now;
  const auto next = cron->Next(from, *zone);
  if (!next || (s.end_date && *next >= *s.end_date)) return std::nullopt;
  return next;
}

json::object ToJson(const Schedule& s, std::int64_t now) {
  return {{"id", s.id},
          {"name", s.name},
          {"description", s.description},
          {"playlistId", s.playlist_id},
          {"deviceIds", Ids(s.device_ids)},
          {"groupIds", Ids(s.group_ids)},
          {"cronExpression", s.cron_expression},
          {"durationMinutes",
           s.duration_minutes ? json::value(*s.duration_minutes) : json::value(nullptr)},
          {"timezone", s.timezone},
          {"startDate", Time(s.start_date)},
          {"endDate", Time(s.end_date)},
          {"priority", s.priority},
          {"isActive", s.is_active},
          {"allowOverride", s.allow_override},
          {"nextExecutionAt", Time(NextExecution(s, now))},
          {"lastExecutedAt", Time(s.last_executed_at)},
          {"executionCount", s.execution_count},
          {"createdBy", s.created_by ? json::value(*s.created_by) : json::value(nullptr)},
          {"createdAt", platform::FormatIso8601(s.created_at)},
          {"updatedAt", platform::FormatIso8601(s.updated_at)}};
}

}  // namespace vizora::scheduling
