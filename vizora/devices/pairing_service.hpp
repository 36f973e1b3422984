#pragma once

// Pairing a screen (DESIGN.md §4 "Pairing"): the screen asks for a code and waits; an admin
// types the code; the screen collects its device token, once.
//
// The device token is minted when the screen collects it, not when the admin completes: the
// server never stores a usable token, only its hash. Codes live 5 minutes and are single use;
// the screen proves it is the one that asked with a secret only it received.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "platform/bus/bus.hpp"
#include "platform/core/error.hpp"
#include "platform/store/database.hpp"
#include "vizora/devices/model.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::devices {

namespace errors {
inline constexpr platform::ErrorKind kPairingCodeInvalid{"DEVICE_001", 404};
inline constexpr platform::ErrorKind kScreenQuotaExceeded{"DEVICE_003", 403};
}  // namespace errors

inline constexpr std::int64_t kPairingCodeLifetimeMs = 5 * 60 * 1000;
// After an admin completes a pairing the screen has at least this long to collect its token,
// even if the code was about to expire.
inline constexpr std::int64_t kClaimGraceMs = 2 * 60 * 1000;
inline constexpr std::chrono::seconds kMaxPairingWait{30};

struct PairingRequestInput {
  std::optional<std::string> device_identifier;
  boost::json::object metadata;
  std::string remote_address;
};

struct PairingTicket {
  std::string code, secret;
  std::int64_t expires_at = 0;
};

struct PairingStatus {
  bool paired = false;
  std::string device_id, organization_id, device_token;  // when paired (the token: once)
};

struct PairingCompletion {
  std::string code;
  std::optional<std::string> nickname, location, timezone;
  std::vector<std::string> group_ids;
};

class PairingService {
 public:
  PairingService(platform::store::Database& db, platform::bus::Bus& bus);

  boost::asio::awaitable<PairingTicket> Request(PairingRequestInput input);
  // Waits up to `wait` for an admin to complete the pairing. DEVICE_001 for an unknown,
  // expired or already collected code, or a wrong secret (indistinguishable on purpose).
  boost::asio::awaitable<platform::Result<PairingStatus>> Status(std::string code,
                                                                 std::string secret,
                                                                 std::chrono::seconds wait);
  // DEVICE_001 as above; DEVICE_003 when the organization's screens are all used.
  boost::asio::awaitable<platform::Result<Device>> Complete(const identity::Principal& who,
                                                            PairingCompletion input,
                                                            identity::RequestMeta meta);

 private:
  // One look at the request: pending, paired (the token minted and handed over), or gone.
  boost::asio::awaitable<platform::Result<PairingStatus>> Check(const std::string& code,
                                                                const std::string& secret_hash);

  platform::store::Database& db_;
  platform::bus::Bus& bus_;
};

}  // namespace vizora::devices
