#pragma once

// Login sessions: a short-lived signed access token (HS256 JWT: sub = account, sid = session,
// typ = "access", plus the product's own claims) and a long-lived opaque refresh token, stored
// only as a hash. Refresh tokens rotate on every use and all tokens of one login share a
// family (the session id); presenting a spent token again revokes the whole family, since
// someone holds a copy.
//
// Writes run in the caller's transaction, so a product opens a session in the same
// transaction as its own rows (a sign-up) and audits a detected reuse beside the revocation.
// Thread-safe: share one instance.

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/core/error.hpp"
#include "platform/store/database.hpp"

namespace platform::identity {

// Longer than any refresh token we hand out: anything bigger is refused unread.
inline constexpr std::size_t kMaxRefreshTokenBytes = 128;

struct SessionPolicy {
  std::int64_t access_seconds = 15 * 60;
  std::int64_t refresh_seconds = 7 * 24 * 3600;
};

struct OpenedSession {
  std::string session_id;
  std::string refresh_token;  // hand to the client once; only its hash is kept
};

struct Rotation {
  enum class Outcome {
    kRotated,   // refresh_token is the family's next token
    kReused,    // a spent token came back: the family is now revoked
    kRejected,  // unknown, expired or revoked
  };
  Outcome outcome = Outcome::kRejected;
  std::string account_id, session_id;  // for kRotated and kReused
  std::string refresh_token;           // for kRotated
};

// A verified access token.
struct AccessClaims {
  std::string account_id, session_id;
  boost::json::object claims;  // all of them, the product's included
};

class Sessions {
 public:
  Sessions(std::string signing_key, SessionPolicy policy = {});

  const SessionPolicy& policy() const { return policy_; }

  OpenedSession Open(store::Connection& c, const std::string& account_id, std::int64_t now) const;
  Rotation Rotate(store::Connection& c, std::string_view refresh_token, std::int64_t now) const;
  // The session a refresh token belongs to (spent or not) and its account.
  std::optional<std::pair<std::string, std::string>> Find(store::Connection& c,
                                                          std::string_view refresh_token) const;
  void Revoke(store::Connection& c, const std::string& session_id, std::int64_t now) const;
  // Every session of the account but `except_session`.
  void RevokeAll(store::Connection& c, const std::string& account_id, std::int64_t now,
                 std::string_view except_session = {}) const;
  // The session has a token that is neither revoked nor expired.
  bool IsOpen(store::Connection& c, const std::string& session_id, const std::string& account_id,
              std::int64_t now) const;

  std::string AccessToken(const std::string& account_id, const std::string& session_id,
                          boost::json::object claims = {}) const;
  // Microseconds, no database: the signature, expiry and type. auth::errors::kTokenInvalid or
  // kTokenExpired otherwise.
  Result<AccessClaims> Authenticate(std::string_view access_token) const;

 private:
  const std::string signing_key_;
  const SessionPolicy policy_;
};

}  // namespace platform::identity
