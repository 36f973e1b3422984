#include "platform/identity/accounts.hpp"

#include "platform/auth/password.hpp"
#include "platform/identity/credentials.hpp"

namespace platform::identity {

using boost::asio::awaitable;
using store::Connection;

namespace {

std::optional<std::string> HashOf(Connection& c, std::string_view where, const std::string& key) {
  const auto rows =
      c.Query("SELECT password_hash FROM accounts WHERE " + std::string(where) + " = $1", {key});
  if (rows.empty()) return std::nullopt;
  return rows[0].Text(0);
}

// Which of the account's unique fields another account already holds.
Taken Holder(Connection& c, const std::optional<std::string>& email,
             const std::optional<std::string>& username, const std::string& except_id) {
  if (email && !c.Query("SELECT 1 FROM accounts WHERE email = $1 AND id <> $2", {*email, except_id})
                    .empty()) {
    return Taken::kEmail;
  }
  if (username &&
      !c.Query("SELECT 1 FROM accounts WHERE username = $1 AND id <> $2", {*username, except_id})
           .empty()) {
    return Taken::kUsername;
  }
  return Taken::kNothing;
}

}  // namespace

Accounts::Accounts(store::Database& db, WorkerPool& password_pool)
    : db_(db), password_pool_(password_pool) {}

awaitable<std::string> Accounts::HashPassword(std::string password) {
  co_return co_await password_pool_.Call([&] { return auth::HashPassword(password); });
}

awaitable<bool> Accounts::VerifyHash(std::optional<std::string> hash, std::string password) {
  co_return co_await password_pool_.Call(
      [&] { return hash ? auth::VerifyPassword(*hash, password) : auth::VerifyNothing(password); });
}

awaitable<std::optional<std::string>> Accounts::Verify(std::string login, std::string password) {
  login = NormalizeLogin(login);
  struct Found {
    std::string id, hash;
  };
  std::optional<Found> found;
  if (!login.empty() && !password.empty() && password.size() <= kMaxPasswordBytes) {
    const bool by_email = login.find('@') != std::string::npos;
    found = co_await db_.Read([&](Connection& c) -> std::optional<Found> {
      const auto rows = c.Query(std::string("SELECT id, password_hash FROM accounts WHERE ") +
                                    (by_email ? "email" : "username") + " = $1",
                                {login});
      if (rows.empty()) return std::nullopt;
      return Found{rows[0].Text(0), rows[0].Text(1)};
    });
  }
  // Named locals: GCC 12 destroys temporaries in a co_await call's arguments twice.
  std::optional<std::string> hash;
  if (found) hash = found->hash;
  const bool ok = co_await VerifyHash(std::move(hash), std::move(password));
  if (!ok) co_return std::nullopt;
  co_return found->id;
}

awaitable<bool> Accounts::VerifyById(std::string account_id, std::string password) {
  auto hash = co_await db_.Read([&](Connection& c) { return HashOf(c, "id", account_id); });
  co_return co_await VerifyHash(std::move(hash), std::move(password));
}

Taken Accounts::Insert(Connection& c, const NewAccount& a, std::int64_t now) {
  if (const Taken taken = Holder(c, a.email, a.username, a.id); taken != Taken::kNothing) {
    return taken;
  }
  // ON CONFLICT: a concurrent insert of the same email or username loses here, not with an
  // exception (the check above only spares the common case a failed statement).
  const std::int64_t inserted = c.Execute(
      "INSERT INTO accounts (id, email, username, password_hash, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING",
      {a.id, store::Nullable(a.email), store::Nullable(a.username), a.password_hash, now});
  if (inserted == 1) return Taken::kNothing;
  const Taken taken = Holder(c, a.email, a.username, a.id);
  return taken == Taken::kNothing ? Taken::kEmail : taken;
}

void Accounts::SetPasswordHash(Connection& c, const std::string& id,
                               const std::string& password_hash, std::int64_t now) {
  c.Execute("UPDATE accounts SET password_hash = $2, updated_at = $3 WHERE id = $1",
            {id, password_hash, now});
}

Taken Accounts::SetEmail(Connection& c, const std::string& id, const std::string& email,
                         std::int64_t now) {
  if (Holder(c, email, std::nullopt, id) != Taken::kNothing) return Taken::kEmail;
  // A new address is not known to reach its owner until it too is verified.
  c.Execute(
      "UPDATE accounts SET email = $2, updated_at = $3, email_verified_at = CASE WHEN email = $2 "
      "THEN email_verified_at ELSE NULL END WHERE id = $1",
      {id, email, now});
  return Taken::kNothing;
}

void Accounts::Delete(Connection& c, const std::string& id) {
  c.Execute("DELETE FROM accounts WHERE id = $1", {id});
}

}  // namespace platform::identity
