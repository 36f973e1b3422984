#pragma once

// Password resets, for every product: a single-use token mailed to the account's own address
// sets a new password within an hour. Only the token's hash is stored (as for session
// tokens); redeeming one spends every other token of the account; the product then revokes
// the account's sessions in the same transaction. An account may hold kMaxResetsPerHour
// tokens issued within the hour, so asking again and again cannot flood a mailbox.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/error.hpp"
#include "platform/identity/accounts.hpp"
#include "platform/identity/session_cache.hpp"
#include "platform/identity/sessions.hpp"
#include "platform/store/database.hpp"

namespace platform::identity {

inline constexpr std::int64_t kResetLifetimeMillis = 3'600'000;
inline constexpr std::int64_t kMaxResetsPerHour = 3;

class PasswordResets {
 public:
  // A new token for the account, in the caller's transaction; nullopt when the account already
  // had kMaxResetsPerHour issued within the hour.
  static std::optional<std::string> Issue(store::Connection& c, const std::string& account_id,
                                          std::int64_t now);
  // The account a live token resets, spending it and the account's other tokens; nullopt for
  // a token that is unknown, spent, expired or not of a token's shape.
  static std::optional<std::string> Redeem(store::Connection& c, std::string_view token,
                                           std::int64_t now);
};

// Following a reset link, as every product does it: the new password is checked (VALIDATION
// naming `password_field`), hashed on the password pool, then in one transaction the token is
// redeemed (`invalid_token` when it cannot be), the hash set, every session of the account
// revoked and `also` run (the product's audit); the session cache forgets the account. Returns
// the account's id.
struct ResetConfirmation {
  std::string token, password;
  std::string_view password_field = "password";
  ErrorKind invalid_token;
  std::function<void(store::Connection&, const std::string& account_id, std::int64_t now)> also;
};
boost::asio::awaitable<Result<std::string>> ConfirmPasswordReset(store::Database& db,
                                                                 Accounts& accounts,
                                                                 const Sessions& sessions,
                                                                 SessionCache& cache,
                                                                 ResetConfirmation confirmation);

}  // namespace platform::identity
