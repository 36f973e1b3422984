#include "viztube/users/model.hpp"

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

namespace viztube::users {

std::string MediaUrl(const std::string& key) {
  return "/api/v2/media/" + key;
}

boost::json::object ToJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"email", u.email},
          {"fullname", u.fullname},
          {"avatar", MediaUrl(u.avatar)},
          {"coverImage", u.cover_image ? boost::json::value(MediaUrl(*u.cover_image))
                                       : boost::json::value(nullptr)},
          {"createdAt", platform::FormatIso8601(u.created_at)},
          {"updatedAt", platform::FormatIso8601(u.updated_at)},
          {"emailVerified", u.email_verified}};
}

boost::json::object OwnerJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"fullname", u.fullname},
          {"avatar", MediaUrl(u.avatar)}};
}

bool Exists(platform::store::Connection& c, const std::string& id) {
  return platform::IsUuid(id) && !c.Query("SELECT 1 FROM users WHERE id = $1", {id}).empty();
}

std::string OwnerJoin(std::string_view owner_column) {
  return " JOIN users o ON o.id = " + std::string(owner_column) +
         " JOIN accounts oa ON oa.id = o.id";
}

boost::json::object OwnerJsonAt(const platform::store::Row& row, std::size_t at) {
  return {{"id", row.Text(at)},
          {"username", row.Text(at + 1)},
          {"fullname", row.Text(at + 2)},
          {"avatar", MediaUrl(row.Text(at + 3))}};
}

void CountSubscription(platform::store::Connection& c, const std::string& subscriber_id,
                       const std::string& channel_id, std::int64_t delta) {
  c.Execute("UPDATE users SET subscriptions_count = subscriptions_count + $2 WHERE id = $1",
            {subscriber_id, delta});
  c.Execute("UPDATE users SET subscribers_count = subscribers_count + $2 WHERE id = $1",
            {channel_id, delta});
}

}  // namespace viztube::users
