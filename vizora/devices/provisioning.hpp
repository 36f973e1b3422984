#pragma once

// Fleets without pairing (API.md "Command line": `vizora admin provision-devices`): N devices
// created at once within the organization's screen quota, each with a fresh device token.
// For imaging many screens, and for load tests.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/store/database.hpp"

namespace vizora::devices {

inline constexpr std::int64_t kMaxProvisionedAtOnce = 100'000;

struct ProvisionRequest {
  std::string organization_slug;
  std::int64_t count = 0;
  std::optional<std::string> group_name;  // created when missing
  std::string nickname_prefix = "Screen ";
};

struct Provisioned {
  std::string organization_id;
  std::vector<std::string> device_ids, tokens;  // tokens: shown once, never stored
};

// In the caller's transaction. Throws platform::ErrorException: NOT_FOUND for an unknown
// organization, DEVICE_003 when the quota would be exceeded (nothing is created then).
Provisioned ProvisionDevices(platform::store::Connection& c, const ProvisionRequest& request);

}  // namespace vizora::devices
