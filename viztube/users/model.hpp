#pragma once

// A VizTube user, who is also a channel (VIZTUBE-API.md "Users"). Never carries the password
// hash or a token: those stay in the platform's accounts and sessions.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace viztube::users {

struct User {
  std::string id, username, email, fullname;
  std::string avatar;                      // object key
  std::optional<std::string> cover_image;  // object key
  std::int64_t created_at = 0, updated_at = 0;
};

// Who is calling: set by the guard from an access token.
struct Principal {
  std::string user_id, session_id;
  bool via_cookie = false;
};

// The public URL of a stored image: /api/v2/media/<key>.
std::string MediaUrl(const std::string& key);

// {id, username, email, fullname, avatar, coverImage, createdAt, updatedAt}
boost::json::object ToJson(const User& user);
// {id, username, fullname, avatar}: a video's or comment's owner.
boost::json::object OwnerJson(const User& user);

}  // namespace viztube::users
