#pragma once

// Input rules for identity fields. Each returns the normalized value or the 400 error.

#include <string>
#include <string_view>

#include "platform/core/error.hpp"

namespace vizora::identity {

inline constexpr std::size_t kMinPasswordBytes = 8;
// argon2id's cost barely depends on length, but a cap keeps request bodies honest.
inline constexpr std::size_t kMaxPasswordBytes = 256;
inline constexpr std::size_t kMaxEmailBytes = 254;
inline constexpr std::size_t kMaxNameBytes = 100;
inline constexpr std::size_t kMaxOrganizationNameBytes = 255;

// Trimmed and lower-cased; one '@', a dotted domain, no spaces or control characters.
platform::Result<std::string> NormalizeEmail(std::string_view email);
platform::Result<std::string> CheckPassword(std::string_view password);
// 3–63 of [a-z0-9-], not starting or ending with '-'.
platform::Result<std::string> CheckSlug(std::string_view slug);
// A slug made from an organization name ("Café Lumière" → "caf-lumi-re"), padded when short.
std::string SlugFromName(std::string_view name);

}  // namespace vizora::identity
