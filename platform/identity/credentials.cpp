#include "platform/identity/credentials.hpp"

#include <cctype>

#include "platform/core/utf8.hpp"
#include "platform/net/json_fields.hpp"

namespace platform::identity {

using net::FieldError;

Result<std::string> NormalizeEmail(std::string_view email, std::string_view field) {
  email = TrimSpace(email);
  if (email.size() > kMaxEmailBytes) return FieldError(field, "too long");
  std::string out;
  out.reserve(email.size());
  for (char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return FieldError(field, "not an email address");
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  const auto at = out.find('@');
  if (at == std::string::npos || at == 0 || at > 64 || out.find('@', at + 1) != std::string::npos) {
    return FieldError(field, "not an email address");
  }
  const std::string_view domain = std::string_view(out).substr(at + 1);
  const auto dot = domain.rfind('.');
  if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size() ||
      domain.find("..") != std::string_view::npos) {
    return FieldError(field, "not an email address");
  }
  return out;
}

Result<std::string> CheckPassword(std::string_view password, std::string_view field) {
  if (password.size() < kMinPasswordBytes) return FieldError(field, "at least 8 characters");
  if (password.size() > kMaxPasswordBytes) return FieldError(field, "too long");
  return std::string(password);
}

std::string NormalizeLogin(std::string_view login) {
  login = TrimSpace(login);
  std::string out;
  out.reserve(login.size());
  for (char c : login)
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

}  // namespace platform::identity
