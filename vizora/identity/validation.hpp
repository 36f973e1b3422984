#pragma once

// Input rules for identity fields. Each returns the normalized value or the 400 error.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/error.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::identity {

// Emails and passwords follow the platform's rules (platform/identity/credentials.hpp).
using platform::identity::CheckPassword;
using platform::identity::kMaxEmailBytes;
using platform::identity::kMaxPasswordBytes;
using platform::identity::NormalizeEmail;

inline constexpr std::size_t kMaxNameBytes = 100;
inline constexpr std::size_t kMaxOrganizationNameBytes = 255;
// First and last names are optional and may be cleared.
inline constexpr platform::net::StringRule kNameRule{
    .required = false, .max_bytes = kMaxNameBytes, .allow_empty = true};
// A body's "role": admin, manager or viewer (nullopt when absent and not required).
platform::Result<std::optional<Role>> RoleField(const boost::json::object& body, bool required);

// 3–63 of [a-z0-9-], not starting or ending with '-'.
platform::Result<std::string> CheckSlug(std::string_view slug);
// A slug made from an organization name ("Café Lumière" → "caf-lumi-re"), padded when short.
std::string SlugFromName(std::string_view name);

}  // namespace vizora::identity
