#include "platform/identity/email_verifications.hpp"

#include "platform/auth/tokens.hpp"
#include "platform/identity/sessions.hpp"

namespace platform::identity {

using store::Connection;

IssuedVerification EmailVerifications::Issue(Connection& c, const std::string& account_id,
                                             std::int64_t now) {
  using Outcome = IssuedVerification::Outcome;
  const auto account =
      c.Query("SELECT email, email_verified_at FROM accounts WHERE id = $1", {account_id});
  if (account.empty() || account[0].IsNull(0)) return {.outcome = Outcome::kNoEmail};
  if (!account[0].IsNull(1)) return {.outcome = Outcome::kAlreadyVerified};
  // Rows older than the lifetime serve no one: neither the hourly count nor a redemption.
  c.Execute("DELETE FROM email_verifications WHERE account_id = $1 AND created_at < $2",
            {account_id, now - kVerificationLifetimeMillis});
  const std::int64_t recent =
      c.Query("SELECT COUNT(*) FROM email_verifications WHERE account_id = $1 AND created_at > $2",
              {account_id, now - 3'600'000})[0]
          .Int(0);
  if (recent >= kMaxVerificationsPerHour) return {.outcome = Outcome::kTooMany};
  IssuedVerification issued{.token = auth::NewOpaqueToken(), .email = account[0].Text(0)};
  c.Execute(
      "INSERT INTO email_verifications (token_hash, account_id, email, expires_at, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {auth::HashToken(issued.token), account_id, issued.email, now + kVerificationLifetimeMillis,
       now});
  return issued;
}

std::optional<EmailVerifications::Redeemed> EmailVerifications::Redeem(Connection& c,
                                                                       std::string_view token,
                                                                       std::int64_t now) {
  if (token.empty() || token.size() > kMaxRefreshTokenBytes) return std::nullopt;
  const auto spent = c.Query(
      "UPDATE email_verifications SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL "
      "AND expires_at > $2 RETURNING account_id, email",
      {auth::HashToken(token), now});
  if (spent.empty()) {
    // Following the same link twice is not an error once it has done its work.
    const auto done = c.Query(
        "SELECT e.account_id FROM email_verifications e JOIN accounts a ON a.id = e.account_id "
        "WHERE e.token_hash = $1 AND e.expires_at > $2 AND a.email = e.email AND "
        "a.email_verified_at IS NOT NULL",
        {auth::HashToken(token), now});
    if (done.empty()) return std::nullopt;
    return Redeemed{.account_id = done[0].Text(0), .again = true};
  }
  std::string account_id = spent[0].Text(0);
  const std::int64_t marked = c.Execute(
      "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $3) "
      "WHERE id = $1 AND email = $2",
      {account_id, spent[0].Text(1), now});
  if (marked == 0) return std::nullopt;
  return Redeemed{.account_id = std::move(account_id)};
}

void EmailVerifications::MarkVerified(Connection& c, const std::string& account_id,
                                      std::int64_t now) {
  c.Execute("UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1",
            {account_id, now});
}

}  // namespace platform::identity
