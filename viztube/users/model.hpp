#pragma once

// A VizTube user, who is also a channel (VIZTUBE-API.md "Users"). Never carries the password
// hash or a token: those stay in the platform's accounts and sessions.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/store/database.hpp"

namespace viztube::users {

struct User {
  std::string id, username, email, fullname;
  std::string avatar;                      // object key
  std::optional<std::string> cover_image;  // object key
  std::int64_t created_at = 0, updated_at = 0;
  bool email_verified = false;  // the address reaches them (only its owner sees this)
};

// Who is calling: set by the guard from an access token.
struct Principal {
  std::string user_id, session_id;
  bool via_cookie = false;
};

// The public URL of a stored image: /api/v2/media/<key>.
std::string MediaUrl(const std::string& key);

// {id, username, email, fullname, avatar, coverImage, createdAt, updatedAt, emailVerified}
boost::json::object ToJson(const User& user);
// {id, username, fullname, avatar}: a video's or comment's owner.
boost::json::object OwnerJson(const User& user);

// The owner of another module's row, for its queries: join kOwnerJoin (with the row's owner
// column in place of OWNER) and select kOwnerColumns; OwnerJsonAt reads them from `at`.
inline constexpr std::string_view kOwnerColumns = "o.id, oa.username, o.fullname, o.avatar";
std::string OwnerJoin(std::string_view owner_column);
boost::json::object OwnerJsonAt(const platform::store::Row& row, std::size_t at);

// Whether `id` is a user (false for anything that is not even an id), in the caller's
// transaction.
bool Exists(platform::store::Connection& c, const std::string& id);

// Keeps both users' counters with a subscription made (+1) or ended (-1), in the caller's
// transaction.
void CountSubscription(platform::store::Connection& c, const std::string& subscriber_id,
                       const std::string& channel_id, std::int64_t delta);

}  // namespace viztube::users
