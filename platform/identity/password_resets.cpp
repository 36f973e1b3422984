#include "platform/identity/password_resets.hpp"

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/identity/credentials.hpp"

namespace platform::identity {

using store::Connection;
using store::Database;

std::optional<std::string> PasswordResets::Issue(Connection& c, const std::string& account_id,
                                                 std::int64_t now) {
  // Rows older than a day serve no one: neither the hourly count nor a redemption.
  c.Execute("DELETE FROM password_resets WHERE account_id = $1 AND created_at < $2",
            {account_id, now - 24 * kResetLifetimeMillis});
  const std::int64_t recent =
      c.Query("SELECT COUNT(*) FROM password_resets WHERE account_id = $1 AND created_at > $2",
              {account_id, now - kResetLifetimeMillis})[0]
          .Int(0);
  if (recent >= kMaxResetsPerHour) return std::nullopt;
  std::string token = auth::NewOpaqueToken();
  c.Execute(
      "INSERT INTO password_resets (token_hash, account_id, expires_at, created_at) "
      "VALUES ($1, $2, $3, $4)",
      {auth::HashToken(token), account_id, now + kResetLifetimeMillis, now});
  return token;
}

std::optional<std::string> PasswordResets::Redeem(Connection& c, std::string_view token,
                                                  std::int64_t now) {
  if (token.empty() || token.size() > kMaxRefreshTokenBytes) return std::nullopt;
  const auto spent = c.Query(
      "UPDATE password_resets SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND "
      "expires_at > $2 RETURNING account_id",
      {auth::HashToken(token), now});
  if (spent.empty()) return std::nullopt;
  std::string account_id = spent[0].Text(0);
  c.Execute("UPDATE password_resets SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL",
            {account_id, now});
  return account_id;
}

boost::asio::awaitable<Result<std::string>> ConfirmPasswordReset(Database& db, Accounts& accounts,
                                                                 const Sessions& sessions,
                                                                 SessionCache& cache,
                                                                 ResetConfirmation confirmation) {
  if (auto weak = CheckPassword(confirmation.password, confirmation.password_field); !weak) {
    co_return weak.error();
  }
  const std::string hash = co_await accounts.HashPassword(std::move(confirmation.password));
  auto account = co_await db.TransactOrError([&](Connection& c) -> std::string {
    const std::int64_t now = NowMillis();
    auto account_id = PasswordResets::Redeem(c, confirmation.token, now);
    if (!account_id) {
      throw ErrorException(
          Error(confirmation.invalid_token, "this reset link is unknown, used or expired"));
    }
    Accounts::SetPasswordHash(c, *account_id, hash, now);
    sessions.RevokeAll(c, *account_id, now);
    if (confirmation.also) confirmation.also(c, *account_id, now);
    return std::move(*account_id);
  });
  if (account) cache.ForgetAccount(*account);
  co_return account;
}

}  // namespace platform::identity
