#pragma once

// Accounts: who can sign in, with what (an email, a username or both, stored lower-case) and
// the argon2id hash of their password. Only credentials: a product keeps its users' profiles,
// roles and tenancy in its own tables under the same id.
//
// Hashing and verifying run on the password pool (argon2id costs ~0.1 s and 64 MiB each, so
// the pool's size bounds login memory); SQL runs in the caller's transaction or on the
// database's pool. Thread-safe: share one instance.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "platform/core/worker_pool.hpp"
#include "platform/store/database.hpp"

namespace platform::identity {

struct NewAccount {
  std::string id;                              // the product's user id
  std::optional<std::string> email, username;  // normalized; at least one
  std::string password_hash;
};

// Which unique field an insert or change collided with.
enum class Taken { kNothing, kEmail, kUsername };

class Accounts {
 public:
  Accounts(store::Database& db, WorkerPool& password_pool);

  boost::asio::awaitable<std::string> HashPassword(std::string password);
  // The account that `login` names (its email when it holds an '@', else its username; see
  // NormalizeLogin) if `password` is its password. Takes the same time whether or not the
  // account exists, so timing does not tell which.
  boost::asio::awaitable<std::optional<std::string>> Verify(std::string login,
                                                            std::string password);
  // Whether `password` is the account's own (for a password change).
  boost::asio::awaitable<bool> VerifyById(std::string account_id, std::string password);

  // In the caller's transaction. Nothing is written when a unique field is taken.
  static Taken Insert(store::Connection& c, const NewAccount& account, std::int64_t now);
  static void SetPasswordHash(store::Connection& c, const std::string& id,
                              const std::string& password_hash, std::int64_t now);
  static Taken SetEmail(store::Connection& c, const std::string& id, const std::string& email,
                        std::int64_t now);
  // Its sessions go with it.
  static void Delete(store::Connection& c, const std::string& id);

 private:
  boost::asio::awaitable<bool> VerifyHash(std::optional<std::string> hash, std::string password);

  store::Database& db_;
  WorkerPool& password_pool_;
};

}  // namespace platform::identity
