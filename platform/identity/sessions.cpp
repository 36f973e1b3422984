#include "platform/identity/sessions.hpp"

#include "platform/auth/jwt.hpp"
#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

namespace platform::identity {

using store::Connection;

namespace {

std::string Issue(Connection& c, const std::string& account_id, const std::string& family,
                  std::int64_t now, std::int64_t lifetime_seconds) {
  std::string token = auth::NewOpaqueToken();
  c.Execute(
      "INSERT INTO session_tokens (token_hash, family_id, account_id, expires_at, created_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {auth::HashToken(token), family, account_id, now + lifetime_seconds * 1000, now});
  return token;
}

}  // namespace

Sessions::Sessions(std::string signing_key, SessionPolicy policy)
    : signing_key_(std::move(signing_key)), policy_(policy) {}

OpenedSession Sessions::Open(Connection& c, const std::string& account_id, std::int64_t now) const {
  OpenedSession s{.session_id = NewId()};
  s.refresh_token = Issue(c, account_id, s.session_id, now, policy_.refresh_seconds);
  return s;
}

Rotation Sessions::Rotate(Connection& c, std::string_view refresh_token, std::int64_t now) const {
  Rotation r;
  if (refresh_token.empty() || refresh_token.size() > kMaxRefreshTokenBytes) return r;
  const std::string hash = auth::HashToken(refresh_token);
  const auto spent = c.Query(
      "UPDATE session_tokens SET spent_at = $2 WHERE token_hash = $1 AND spent_at IS NULL "
      "AND revoked_at IS NULL AND expires_at > $2 RETURNING family_id, account_id",
      {hash, now});
  if (spent.empty()) {
    const auto known = c.Query(
        "SELECT family_id, account_id, spent_at, revoked_at FROM session_tokens "
        "WHERE token_hash = $1",
        {hash});
    if (!known.empty() && !known[0].IsNull(2) && known[0].IsNull(3)) {
      r.outcome = Rotation::Outcome::kReused;
      r.session_id = known[0].Text(0);
      r.account_id = known[0].Text(1);
      Revoke(c, r.session_id, now);
    }
    return r;
  }
  r.outcome = Rotation::Outcome::kRotated;
  r.session_id = spent[0].Text(0);
  r.account_id = spent[0].Text(1);
  r.refresh_token = Issue(c, r.account_id, r.session_id, now, policy_.refresh_seconds);
  return r;
}

std::optional<std::pair<std::string, std::string>> Sessions::Find(
    Connection& c, std::string_view refresh_token) const {
  if (refresh_token.empty() || refresh_token.size() > kMaxRefreshTokenBytes) return std::nullopt;
  const auto rows =
      c.Query("SELECT family_id, account_id FROM session_tokens WHERE token_hash = $1",
              {auth::HashToken(refresh_token)});
  if (rows.empty()) return std::nullopt;
  return std::make_pair(rows[0].Text(0), rows[0].Text(1));
}

void Sessions::Revoke(Connection& c, const std::string& session_id, std::int64_t now) const {
  c.Execute("UPDATE session_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
            {session_id, now});
}

void Sessions::RevokeAll(Connection& c, const std::string& account_id, std::int64_t now,
                         std::string_view except_session) const {
  c.Execute(
      "UPDATE session_tokens SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL "
      "AND family_id <> $3",
      {account_id, now, std::string(except_session)});
}

bool Sessions::IsOpen(Connection& c, const std::string& session_id, const std::string& account_id,
                      std::int64_t now) const {
  return !c.Query(
               "SELECT 1 FROM session_tokens WHERE family_id = $1 AND account_id = $2 "
               "AND revoked_at IS NULL AND expires_at > $3 LIMIT 1",
               {session_id, account_id, now})
              .empty();
}

std::string Sessions::AccessToken(const std::string& account_id, const std::string& session_id,
                                  boost::json::object claims) const {
  const std::int64_t now = NowMillis() / 1000;
  claims["sub"] = account_id;
  claims["sid"] = session_id;
  claims["typ"] = "access";
  claims["iat"] = now;
  claims["exp"] = now + policy_.access_seconds;
  return auth::SignJwt(claims, signing_key_);
}

Result<AccessClaims> Sessions::Authenticate(std::string_view access_token) const {
  auto claims = auth::VerifyJwt(access_token, signing_key_, NowMillis() / 1000);
  if (!claims) return claims.error();
  const auto text = [&](std::string_view name) -> std::string {
    const auto* v = claims->if_contains(name);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  AccessClaims out{.account_id = text("sub"), .session_id = text("sid")};
  if (text("typ") != "access" || out.account_id.empty() || out.session_id.empty()) {
    return Error(auth::errors::kTokenInvalid, "not an access token");
  }
  out.claims = std::move(*claims);
  return out;
}

}  // namespace platform::identity
