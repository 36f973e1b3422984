#pragma once

// What the database says about a login session (still open? the user's current role?),
// remembered for a few seconds so the guard confirms access tokens without a query per
// request. Changes made on this instance (logout, deactivation, role change) forget the entry
// at once; other instances see them within kTtl. Thread-safe.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "vizora/identity/model.hpp"

namespace vizora::identity {

class SessionCache {
 public:
  static constexpr std::int64_t kTtlMillis = 10'000;
  // Past this many sessions the cache starts over rather than grow.
  static constexpr std::size_t kMaxEntries = 100'000;

  struct State {
    bool open = false;
    Role role = Role::kViewer;
  };

  std::optional<State> Get(const std::string& session_id, std::int64_t now_ms) const;
  void Put(const std::string& session_id, const std::string& user_id, State state,
           std::int64_t now_ms);
  void ForgetSession(const std::string& session_id);
  void ForgetUser(const std::string& user_id);

 private:
  struct Entry {
    State state;
    std::string user_id;
    std::int64_t checked_at = 0;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // by session id; guarded by mutex_
};

}  // namespace vizora::identity
