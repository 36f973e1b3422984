#include "vizora/identity/validation.hpp"

#include <cctype>

#include "platform/net/json_fields.hpp"

namespace vizora::identity {

using platform::net::FieldError;

platform::Result<std::string> NormalizeEmail(std::string_view email) {
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front())))
    email.remove_prefix(1);
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back())))
    email.remove_suffix(1);
  if (email.size() > kMaxEmailBytes) return FieldError("email", "too long");
  std::string out;
  out.reserve(email.size());
  for (char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return FieldError("email", "not an email address");
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  const auto at = out.find('@');
  if (at == std::string::npos || at == 0 || at > 64 || out.find('@', at + 1) != std::string::npos) {
    return FieldError("email", "not an email address");
  }
  const std::string_view domain = std::string_view(out).substr(at + 1);
  const auto dot = domain.rfind('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size() ||
      domain.find("..") != std::string_view::npos) {
    return FieldError("email", "not an email address");
  }
  return out;
}

platform::Result<std::string> CheckPassword(std::string_view password) {
  if (password.size() < kMinPasswordBytes) return FieldError("password", "at least 8 characters");
  if (password.size() > kMaxPasswordBytes) return FieldError("password", "too long");
  return std::string(password);
}

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

}  // namespace vizora::identity
