#pragma once

// Email verification, for every product: a single-use token mailed to the account's address
// marks that address as reaching its owner (accounts.email_verified_at) within two days. Only
// the token's hash is stored, with the address it was sent to: a link mailed before the
// address changed verifies nothing. Changing the address (Accounts::SetEmail) clears the mark.
// An account may be sent kMaxVerificationsPerHour links within the hour.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/store/database.hpp"

namespace platform::identity {

inline constexpr std::int64_t kVerificationLifetimeMillis = 48 * 3'600'000LL;
inline constexpr std::int64_t kMaxVerificationsPerHour = 3;

struct IssuedVerification {
  enum class Outcome { kIssued, kAlreadyVerified, kNoEmail, kTooMany };
  Outcome outcome = Outcome::kIssued;
  std::string token, email;  // when issued: the link's token and the address to mail it to
};

class EmailVerifications {
 public:
  // In the caller's transaction: a token for the account's current address, unless the
  // address is verified already, there is none, or enough were issued within the hour.
  static IssuedVerification Issue(store::Connection& c, const std::string& account_id,
                                  std::int64_t now);
  // Spends the token and marks its address verified; nullopt for a token unknown, expired, not
  // of a token's shape, or for an address the account no longer has. A spent token whose
  // address is verified answers again, `again` set (a link followed twice).
  struct Redeemed {
    std::string account_id;
    bool again = false;
  };
  static std::optional<Redeemed> Redeem(store::Connection& c, std::string_view token,
                                        std::int64_t now);
  // When the address was shown to reach its owner another way (an invitation mailed to it).
  static void MarkVerified(store::Connection& c, const std::string& account_id, std::int64_t now);
};

}  // namespace platform::identity
