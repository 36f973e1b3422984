#pragma once

// Invitations by mail (issue 23): an admin invites an address with a role; the mail carries
// a single-use link, good for kInvitationLifetimeMillis, with which the person chooses a
// password and joins the organization, signed in (IdentityService::AcceptInvitation). Only
// the token's hash is stored. A pending invitation takes a seat of the plan. Inviting an
// address again, or resending, replaces the link (the old one stops working); revoking ends
// it. Without a mail relay the link is given to the admin to pass on.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/error.hpp"
#include "platform/identity/web_session.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::identity {

inline constexpr std::int64_t kInvitationLifetimeMillis = 7LL * 24 * 3600 * 1000;

namespace errors {
inline constexpr platform::ErrorKind kInvitationInvalid{"AUTH_006", 401};
}  // namespace errors

struct Invitation {
  std::string id, organization_id, email, first_name, last_name;
  Role role = Role::kViewer;
  std::optional<std::string> invited_by;  // a user id
  std::int64_t expires_at = 0, created_at = 0;
};
boost::json::object ToJson(const Invitation& invitation, std::int64_t now);

struct NewInvitation {
  std::string email, first_name, last_name;
  Role role = Role::kViewer;
};

// An invitation made or renewed: `accept_url` is set only when no mail could carry it.
struct SentInvitation {
  Invitation invitation;
  bool mailed = false;
  std::optional<std::string> accept_url;
};

// What the accept page shows before the person chooses a password.
struct InvitationPreview {
  Invitation invitation;
  std::string organization_name, invited_by_name;
};

class InvitationsService {
 public:
  InvitationsService(platform::store::Database& db, platform::mail::MailSetup mail);

  // CONFLICT_001 when the address is a user's already, BILLING_006 without a free seat.
  boost::asio::awaitable<platform::Result<SentInvitation>> Invite(
      const Principal& who, NewInvitation input, platform::identity::RequestMeta meta);
  // Pending ones (expired included, so they can be resent), oldest first.
  boost::asio::awaitable<std::vector<Invitation>> ListPending(const Principal& who);
  boost::asio::awaitable<platform::Result<SentInvitation>> Resend(
      const Principal& who, std::string id, platform::identity::RequestMeta meta);
  boost::asio::awaitable<platform::Result<bool>> Revoke(const Principal& who, std::string id,
                                                        platform::identity::RequestMeta meta);
  // AUTH_006 for a token that is unknown, accepted, revoked or expired.
  boost::asio::awaitable<platform::Result<InvitationPreview>> Preview(std::string token);

 private:
  // The mail with the invitation's link (`token`), queued in the caller's transaction; or,
  // without a relay, the link for the admin.
  SentInvitation Deliver(platform::store::Connection& c, Invitation invitation,
                         const std::string& token, const std::string& inviter_name,
                         const std::string& organization_name);

  platform::store::Database& db_;
  platform::mail::MailSetup mail_;
};

// Spends a live invitation's token in the caller's transaction: the invitation, or nullopt.
std::optional<Invitation> RedeemInvitation(platform::store::Connection& c, std::string_view token,
                                           std::int64_t now);

}  // namespace vizora::identity
