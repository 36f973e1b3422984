#include "platform/identity/session_cache.hpp"

namespace platform::identity {

std::optional<SessionCache::State> SessionCache::Get(const std::string& session_id,
                                                     const std::string& account_id,
                                                     std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(session_id);
  if (it == entries_.end() || it->second.account_id != account_id ||
      now_ms - it->second.checked_at > kTtlMillis) {
    return std::nullopt;
  }
  return it->second.state;
}

void SessionCache::Put(const std::string& session_id, const std::string& account_id, State state,
                       std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= kMaxEntries) entries_.clear();
  entries_[session_id] = {std::move(state), account_id, now_ms};
}

void SessionCache::ForgetSession(const std::string& session_id) {
  std::lock_guard lock(mutex_);
  entries_.erase(session_id);
}

void SessionCache::ForgetAccount(const std::string& account_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const auto& e) { return e.second.account_id == account_id; });
}

}  // namespace platform::identity
