#include "vizora/identity/validation.hpp"

#include <cctype>

#include "platform/net/json_fields.hpp"

namespace vizora::identity {

using platform::net::FieldError;

platform::Result<std::string> CheckSlug(std::string_view slug) {
  if (slug.size() < 3 || slug.size() > 63 || slug.front() == '-' || slug.back() == '-') {
    return FieldError("organizationSlug", "3 to 63 of a-z, 0-9 and '-', not at either end");
  }
  for (char c : slug) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return FieldError("organizationSlug", "3 to 63 of a-z, 0-9 and '-', not at either end");
    }
  }
  return std::string(slug);
}

std::string SlugFromName(std::string_view name) {
  std::string slug;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      slug.push_back(static_cast<char>(std::tolower(u)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
    if (slug.size() >= 50) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.size() < 3) slug += slug.empty() ? "org" : "-org";
  return slug;
}

platform::Result<std::optional<Role>> RoleField(const boost::json::object& body, bool required) {
  auto text = platform::net::StringField(body, "role", {.required = required, .max_bytes = 16});
  if (!text) return text.error();
  if (!*text) return std::optional<Role>();
  auto role = ParseRole(**text);
  if (!role) return platform::net::FieldError("role", "one of admin, manager, viewer");
  return std::optional<Role>(*role);
}

}  // namespace vizora::identity
