#pragma once

// What the database says about a login session (still open? the account's current role in the
// product, if it has roles?), remembered for a few seconds so a guard confirms access tokens
// without a query per request. Changes made on this instance (logout, deactivation, role
// change) forget the entry at once; other instances see them within kTtlMillis. Thread-safe.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace platform::identity {

class SessionCache {
 public:
  static constexpr std::int64_t kTtlMillis = 10'000;
  // Past this many sessions the cache starts over rather than grow.
  static constexpr std::size_t kMaxEntries = 100'000;

  struct State {
    bool open = false;
    std::string role;  // the product's name for it; empty when it has none
    // What else of the token's claims the database confirmed (its organization); empty when
    // the product checks nothing more. A token claiming another scope must not match.
    std::string scope;
  };

  // The state remembered for this session of this account; nullopt when none is (or it is
  // another account's: a token naming a session is only believed for its own account).
  std::optional<State> Get(const std::string& session_id, const std::string& account_id,
                           std::int64_t now_ms) const;
  void Put(const std::string& session_id, const std::string& account_id, State state,
           std::int64_t now_ms);
  void ForgetSession(const std::string& session_id);
  void ForgetAccount(const std::string& account_id);

 private:
  struct Entry {
    State state;
    std::string account_id;
    std::int64_t checked_at = 0;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // by session id; guarded by mutex_
};

}  // namespace platform::identity
