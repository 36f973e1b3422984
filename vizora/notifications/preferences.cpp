#include "vizora/notifications/preferences.hpp"

#include "platform/auth/hmac.hpp"
#include "platform/auth/jwt.hpp"

namespace vizora::notifications {

using platform::store::Connection;

namespace {
constexpr std::int64_t kLinkLifetimeSeconds = 365LL * 24 * 3600;
constexpr std::string_view kPurpose = "unsubscribe";
}  // namespace

std::string_view TopicName(Topic topic) {
  return topic == Topic::kOfflineAlerts ? "offlineAlerts" : "weeklySummary";
}

std::optional<Topic> ParseTopic(std::string_view name) {
  for (Topic topic : kTopics) {
    if (TopicName(topic) == name) return topic;
  }
  return std::nullopt;
}

bool OnByDefault(Topic topic) {
  return topic == Topic::kOfflineAlerts;
}

int OfflineAlertMinutes(Connection& c, const std::string& organization_id) {
  const auto rows =
      c.Query("SELECT offline_alert_minutes FROM notification_settings WHERE organization_id = $1",
              {organization_id});
  return rows.empty() ? kDefaultOfflineAlertMinutes : static_cast<int>(rows[0].Int(0));
}

void SetOfflineAlertMinutes(Connection& c, const std::string& organization_id, int minutes,
                            std::int64_t now) {
  c.Execute(
      "INSERT INTO notification_settings (organization_id, offline_alert_minutes, updated_at) "
      "VALUES ($1, $2, $3) ON CONFLICT (organization_id) DO UPDATE SET "
      "offline_alert_minutes = excluded.offline_alert_minutes, updated_at = excluded.updated_at",
      {organization_id, std::int64_t{minutes}, now});
}

std::vector<std::pair<Topic, bool>> Preferences(Connection& c, const std::string& user_id) {
  std::vector<std::pair<Topic, bool>> out;
  for (Topic topic : kTopics) out.emplace_back(topic, OnByDefault(topic));
  for (const auto& row : c.Query(
           "SELECT topic, enabled FROM notification_preferences WHERE user_id = $1", {user_id})) {
    const auto topic = ParseTopic(row.Text(0));
    if (!topic) continue;
    for (auto& [t, on] : out) {
      if (t == *topic) on = row.Bool(1);
    }
  }
  return out;
}

void SetPreference(Connection& c, const std::string& user_id, Topic topic, bool enabled,
                   std::int64_t now) {
  c.Execute(
      "INSERT INTO notification_preferences (user_id, topic, enabled, updated_at) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, topic) DO UPDATE SET "
      "enabled = excluded.enabled, updated_at = excluded.updated_at",
      {user_id, std::string(TopicName(topic)), std::int64_t{enabled ? 1 : 0}, now});
}

std::vector<Recipient> Recipients(Connection& c, const std::string& organization_id, Topic topic,
                                  bool managers_up) {
  // The topic's default stands where the person made no choice.
  const std::string wants = OnByDefault(topic) ? "COALESCE(p.enabled, 1) = 1" : "p.enabled = 1";
  const auto rows = c.Query(
      "SELECT u.id, u.email, u.first_name, u.last_name FROM users u "
      "LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.topic = $2 "
      "WHERE u.organization_id = $1 AND u.is_active = 1 AND " +
          wants + (managers_up ? " AND u.role IN ('admin', 'manager')" : "") +
          " ORDER BY u.created_at, u.id",
      {organization_id, std::string(TopicName(topic))});
  std::vector<Recipient> out;
  for (const auto& row : rows) {
    std::string email = row.Text(1);
    if (!platform::mail::IsSendableAddress(email)) continue;
    std::string name = row.Text(2);
    if (!row.Text(3).empty()) name += (name.empty() ? "" : " ") + row.Text(3);
    out.push_back({.user_id = row.Text(0), .address = {.email = std::move(email), .name = name}});
  }
  return out;
}

UnsubscribeLinks::UnsubscribeLinks(std::string_view signing_secret)
    : key_(platform::auth::HmacSha256("vizora unsubscribe links", signing_secret)) {}

std::string UnsubscribeLinks::Token(const std::string& user_id, Topic topic,
                                    std::int64_t now) const {
  return platform::auth::SignJwt({{"sub", user_id},
                                  {"topic", TopicName(topic)},
                                  {"purpose", kPurpose},
                                  {"exp", now / 1000 + kLinkLifetimeSeconds}},
                                 key_);
}

std::optional<std::pair<std::string, Topic>> UnsubscribeLinks::Verify(std::string_view token,
                                                                      std::int64_t now) const {
  if (token.size() > 1024) return std::nullopt;
  const auto claims = platform::auth::VerifyJwt(token, key_, now / 1000);
  if (!claims) return std::nullopt;
  const auto* sub = claims->if_contains("sub");
  const auto* topic = claims->if_contains("topic");
  const auto* purpose = claims->if_contains("purpose");
  if (sub == nullptr || !sub->is_string() || topic == nullptr || !topic->is_string() ||
      purpose == nullptr || !purpose->is_string() || purpose->as_string() != kPurpose) {
    return std::nullopt;
  }
  const auto parsed = ParseTopic(topic->as_string());
  if (!parsed) return std::nullopt;
  return std::pair{std::string(sub->as_string()), *parsed};
}

UnsubscribeLinks::Urls UnsubscribeLinks::For(const std::string& public_url,
                                             const std::string& user_id, Topic topic,
                                             std::int64_t now) const {
  const std::string token = Token(user_id, topic, now);
  return {.one_click = public_url + "/api/v1/notifications/unsubscribe?token=" + token,
          .page = public_url + "/unsubscribe?token=" + token};
}

}  // namespace vizora::notifications
