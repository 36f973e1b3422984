#pragma once

// Register, log in, refresh, log out, who am I: API.md "Identity", without HTTP. Credentials
// and sessions are the platform's (platform/identity); a user's account has the user's id, and
// Vizora keeps organizations, roles and the active flag on top. Expected failures are Results
// carrying the API error; database failures throw. Thread-safe: share one instance.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "platform/core/error.hpp"
#include "platform/identity/accounts.hpp"
#include "platform/identity/session_cache.hpp"
#include "platform/identity/sessions.hpp"
#include "platform/identity/web_session.hpp"
#include "platform/store/database.hpp"
#include "vizora/billing/plans.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::identity {

inline constexpr std::int64_t kAccessTokenSeconds = 15 * 60;
inline constexpr std::int64_t kRefreshTokenSeconds = 7 * 24 * 3600;
inline constexpr std::int64_t kTrialMillis = 7LL * 24 * 3600 * 1000;

namespace errors {
// The same answer for an unknown email and a wrong password (and in similar time).
inline constexpr platform::ErrorKind kInvalidCredentials{"AUTH_001", 401};
inline constexpr platform::ErrorKind kRefreshRejected{"AUTH_004", 401};
inline constexpr platform::ErrorKind kAccountDisabled{"AUTHZ_002", 403};
inline constexpr platform::ErrorKind kEmailTaken{"CONFLICT_001", 409};
inline constexpr platform::ErrorKind kSlugTaken{"CONFLICT_002", 409};
}  // namespace errors

using platform::identity::RequestMeta;
using platform::identity::SessionCache;

// Vizora's token lifetimes (seed: 15-minute access, 7-day refresh).
inline constexpr platform::identity::SessionPolicy kSessionPolicy{
    .access_seconds = kAccessTokenSeconds, .refresh_seconds = kRefreshTokenSeconds};

struct RegisterInput {
  std::string email, password, first_name, last_name, organization_name;
  std::optional<std::string> organization_slug;
  std::optional<std::string> time_zone;  // checked by the route; UTC when absent
};

// Following an invitation's link (invitations_service.hpp): the name may be changed there.
struct InvitationAcceptance {
  std::string token, password;
  std::optional<std::string> first_name, last_name;
};

// What a new organization starts with: by default the free plan's screens on a 7-day trial;
// on a server without billing, what its operator configured (--self-hosted-plan), active.
struct SignUpTerms {
  std::string tier = std::string(billing::FreePlan().id);
  std::int64_t screen_quota = billing::FreePlan().screens;
  bool trial = true;
};

struct Session {
  User user;
  Organization organization;
  bool mail_enabled = false;  // whether this server sends mail (so can verify addresses)
  std::string access_token;
  std::string refresh_token;
  std::int64_t expires_in = kAccessTokenSeconds;
};

class IdentityService {
 public:
  IdentityService(platform::store::Database& db, platform::identity::Accounts& accounts,
                  const platform::identity::Sessions& sessions, SessionCache& cache,
                  bool mail_enabled, SignUpTerms terms = {});

  boost::asio::awaitable<platform::Result<Session>> Register(RegisterInput input, RequestMeta meta);
  // Joins the invitation's organization with its role and signs in: AUTH_006 for a link that
  // is unknown, used, revoked or expired, CONFLICT_001 when the address has an account
  // meanwhile, BILLING_006 when the plan has no seat left.
  boost::asio::awaitable<platform::Result<Session>> AcceptInvitation(InvitationAcceptance input,
                                                                     RequestMeta meta);
  boost::asio::awaitable<platform::Result<Session>> Login(std::string email, std::string password,
                                                          RequestMeta meta);
  // Rotates: the presented token is spent and a new one returned. Presenting a spent token
  // again revokes every token of its family.
  boost::asio::awaitable<platform::Result<Session>> Refresh(std::string refresh_token,
                                                            RequestMeta meta);
  // Revokes the family of `refresh_token` and of the caller's session; never fails.
  boost::asio::awaitable<void> Logout(std::string refresh_token, std::optional<Principal> principal,
                                      RequestMeta meta);
  boost::asio::awaitable<platform::Result<std::pair<User, Organization>>> Me(const Principal& who);
  bool MailEnabled() const { return mail_enabled_; }

  // Verifies an access token: microseconds, no database.
  platform::Result<Principal> Authenticate(std::string_view access_token) const;
  // Confirms that the token's session is still open and its user active, and brings the role
  // up to date: from the session cache, or one query every SessionCache::kTtlMillis.
  boost::asio::awaitable<platform::Result<Principal>> ConfirmSession(Principal who);

 private:
  std::string AccessToken(const User& user, const std::string& session_id) const;
  // A new login for the user: its refresh token stored, its access token signed.
  Session OpenSession(platform::store::Connection& c, const User& user,
                      const Organization& organization, std::int64_t now) const;

  platform::store::Database& db_;
  platform::identity::Accounts& accounts_;
  const platform::identity::Sessions& sessions_;
  SessionCache& cache_;
  bool mail_enabled_;
  SignUpTerms terms_;
};

}  // namespace vizora::identity
