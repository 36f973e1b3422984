#include "vizora/analytics/device_events.hpp"

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

namespace vizora::analytics {

namespace json = boost::json;
using platform::Error;
using platform::Result;

namespace {

constexpr std::size_t kMaxIdBytes = 64;
constexpr std::size_t kMaxErrorTypeBytes = 64;
constexpr std::size_t kMaxErrorMessageBytes = 1024;

Error Invalid(std::string message) {
  return Error(platform::errors::kValidation, std::move(message));
}

// A string of at most max_bytes, or nullopt when absent or null; an error otherwise.
Result<std::optional<std::string>> OptionalString(const json::object& o, std::string_view key,
                                                  std::size_t max_bytes) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>();
  if (!v->is_string() || v->as_string().empty() || v->as_string().size() > max_bytes) {
    return Invalid(std::string(key) + " must be a non-empty string of at most " +
                   std::to_string(max_bytes) + " bytes");
  }
  return std::optional<std::string>(std::string(v->as_string()));
}

Result<std::string> RequiredString(const json::object& o, std::string_view key,
                                   std::size_t max_bytes) {
  RESULT_TRY(value, OptionalString(o, key, max_bytes));
  if (!*value) return Invalid(std::string(key) + " is required");
  return std::move(**value);
}

// An ISO 8601 string or epoch milliseconds, within the accepted window around now.
Result<std::int64_t> Instant(const json::object& o, std::string_view key, std::int64_t now) {
  const json::value* v = o.if_contains(key);
  std::optional<std::int64_t> at;
  if (v != nullptr && v->is_string()) at = platform::ParseIso8601(v->as_string());
  if (v != nullptr && v->is_int64()) at = v->as_int64();
  if (v != nullptr && v->is_uint64() && v->as_uint64() < (1ULL << 62)) {
    at = static_cast<std::int64_t>(v->as_uint64());
  }
  if (!at) return Invalid(std::string(key) + " must be an ISO 8601 time or epoch milliseconds");
  if (*at < now - kMaxEventAgeMs) return Invalid(std::string(key) + " is more than 30 days ago");
  if (*at > now + kMaxEventAheadMs) return Invalid(std::string(key) + " is in the future");
  return *at;
}

Result<std::string> EventId(const json::object& o) {
  RESULT_TRY(id, RequiredString(o, "id", kMaxIdBytes));
  if (!platform::IsUuid(*id)) return Invalid("id must be a UUID");
  return std::move(*id);
}

Result<DeviceEvent> ParseImpression(const json::object& o, std::int64_t now) {
  Impression impression;
  RESULT_TRY(id, EventId(o));
  RESULT_TRY(content_id, RequiredString(o, "contentId", kMaxIdBytes));
  RESULT_TRY(playlist_id, OptionalString(o, "playlistId", kMaxIdBytes));
  RESULT_TRY(started_at, Instant(o, "startedAt", now));
  const json::value* duration = o.if_contains("durationMs");
  if (duration == nullptr || !duration->is_number()) return Invalid("durationMs must be a number");
  const double ms = duration->to_number<double>();
  if (!(ms >= 0 && ms <= static_cast<double>(kMaxShownMs))) {
    return Invalid("durationMs must be between 0 and 24 hours");
  }
  const json::value* completed = o.if_contains("completed");
  if (completed != nullptr && !completed->is_null() && !completed->is_bool()) {
    return Invalid("completed must be a boolean");
  }
  impression.id = std::move(*id);
  impression.content_id = std::move(*content_id);
  impression.playlist_id = std::move(*playlist_id);
  impression.started_at = *started_at;
  impression.duration_ms = static_cast<std::int64_t>(ms);
  impression.completed = completed != nullptr && completed->is_bool() && completed->as_bool();
  return DeviceEvent(std::move(impression));
}

Result<DeviceEvent> ParsePlaybackError(const json::object& o, std::int64_t now) {
  PlaybackError error;
  RESULT_TRY(id, EventId(o));
  RESULT_TRY(content_id, OptionalString(o, "contentId", kMaxIdBytes));
  RESULT_TRY(error_type, RequiredString(o, "errorType", kMaxErrorTypeBytes));
  RESULT_TRY(message, OptionalString(o, "errorMessage", kMaxErrorMessageBytes));
  // When it happened: the player's own time if it says, else when it arrived.
  std::int64_t at = now;
  if (o.contains("occurredAt")) {
    RESULT_TRY(occurred_at, Instant(o, "occurredAt", now));
    at = *occurred_at;
  }
  error.id = std::move(*id);
  error.content_id = std::move(*content_id);
  error.error_type = std::move(*error_type);
  error.error_message = message->value_or("");
  error.occurred_at = at;
  return DeviceEvent(std::move(error));
}

}  // namespace

const std::string& IdOf(const DeviceEvent& event) {
  return std::visit([](const auto& e) -> const std::string& { return e.id; }, event);
}

std::optional<std::string_view> ContentOf(const DeviceEvent& event) {
  if (const auto* i = std::get_if<Impression>(&event)) return i->content_id;
  const auto& e = std::get<PlaybackError>(event);
  if (e.content_id) return std::string_view(*e.content_id);
  return std::nullopt;
}

Result<DeviceEvent> ParseDeviceEvent(const json::object& event, std::int64_t now_ms,
                                     std::string_view device_id) {
  // A screen reports only for itself (its token says which it is): naming another is refused.
  if (const json::value* named = event.if_contains("deviceId");
      named != nullptr && !named->is_null() &&
      (!named->is_string() || named->as_string() != device_id)) {
    return Invalid("deviceId is not this screen's id");
  }
  const json::value* type = event.if_contains("type");
  if (type == nullptr || !type->is_string()) return Invalid("an event needs a string \"type\"");
  if (type->as_string() == "impression") return ParseImpression(event, now_ms);
  if (type->as_string() == "playback_error") return ParsePlaybackError(event, now_ms);
  return Invalid("type must be impression or playback_error");
}

}  // namespace vizora::analytics
