#include "viztube/users/model.hpp"

#include "platform/core/clock.hpp"

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
          {"updatedAt", platform::FormatIso8601(u.updated_at)}};
}

boost::json::object OwnerJson(const User& u) {
  return {{"id", u.id},
          {"username", u.username},
          {"fullname", u.fullname},
          {"avatar", MediaUrl(u.avatar)}};
}

}  // namespace viztube::users
