#include "vizora/identity/invitations_service.hpp"

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/mail/mail_queue.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/identity/audit_entry.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/seats.hpp"

namespace vizora::identity {

using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::mail::EscapeHtml;
using platform::store::Connection;

namespace {

const Error kInvitationNotFound(platform::errors::kNotFound, "no such invitation");

constexpr std::string_view kColumns =
    "i.id, i.organization_id, i.email, i.first_name, i.last_name, i.role, i.invited_by, "
    "i.expires_at, i.created_at";

Invitation InvitationFrom(const platform::store::Row& r) {
  return {.id = r.Text(0),
          .organization_id = r.Text(1),
          .email = r.Text(2),
          .first_name = r.Text(3),
          .last_name = r.Text(4),
          .role = ParseRole(r.Text(5)).value_or(Role::kViewer),
          .invited_by = r.OptText(6),
          .expires_at = r.Int(7),
          .created_at = r.Int(8)};
}

std::optional<Invitation> FindPending(Connection& c, const std::string& organization_id,
                                      const std::string& id) {
  if (!platform::IsUuid(id)) return std::nullopt;
  const auto rows = c.Query("SELECT " + std::string(kColumns) +
                                " FROM invitations i WHERE i.id = $1 AND i.organization_id = $2 "
                                "AND i.accepted_at IS NULL AND i.revoked_at IS NULL",
                            {id, organization_id});
  if (rows.empty()) return std::nullopt;
  return InvitationFrom(rows[0]);
}

// The inviter's name as the mail says it, and the organization's.
std::pair<std::string, std::string> Names(Connection& c, const Principal& who) {
  const auto rows = c.Query(
      "SELECT u.first_name, u.last_name, u.email, o.name FROM users u JOIN organizations o ON "
      "o.id = u.organization_id WHERE u.id = $1",
      {who.user_id});
  if (rows.empty()) return {"", ""};
  std::string name = rows[0].Text(0);
  if (!rows[0].Text(1).empty()) name += (name.empty() ? "" : " ") + rows[0].Text(1);
  return {name.empty() ? rows[0].Text(2) : name, rows[0].Text(3)};
}

platform::mail::MailMessage InvitationMessage(const platform::mail::MailSetup& mail,
                                              const Invitation& invitation,
                                              const std::string& inviter,
                                              const std::string& organization,
                                              const std::string& link) {
  const std::string who = inviter.empty() ? "Someone" : inviter;
  const std::string role(RoleName(invitation.role));
  const std::string text = "Hello,\n\n" + who + " invited you to join " + organization +
                           " on Vizora, as " + role +
                           ". Open this link within 7 days to choose your password and "
                           "join:\n\n" +
                           link + "\n\nIf you did not expect this, ignore this message.\n";
  const std::string html = "<p>Hello,</p><p>" + EscapeHtml(who) + " invited you to join <b>" +
                           EscapeHtml(organization) + "</b> on Vizora, as " + role +
                           ".</p><p><a href=\"" + EscapeHtml(link) + "\">Join " +
                           EscapeHtml(organization) +
                           "</a></p><p>The link works for 7 days. If you did not expect this, "
                           "ignore this message.</p>";
  return {.from = *mail.from,
          .to = {.email = invitation.email,
                 .name = invitation.first_name +
                         (invitation.last_name.empty() ? "" : " " + invitation.last_name)},
          .subject = who + " invited you to " + organization + " on Vizora",
          .text = text,
          .html = html,
          .id = "invitation." + platform::auth::HashToken(link).substr(0, 32)};
}

}  // namespace

boost::json::object ToJson(const Invitation& i, std::int64_t now) {
  return {{"id", i.id},
          {"email", i.email},
          {"firstName", i.first_name},
          {"lastName", i.last_name},
          {"role", RoleName(i.role)},
          {"invitedBy", i.invited_by ? boost::json::value(*i.invited_by) : nullptr},
          {"expiresAt", platform::FormatIso8601(i.expires_at)},
          {"expired", i.expires_at <= now},
          {"createdAt", platform::FormatIso8601(i.created_at)}};
}

InvitationsService::InvitationsService(platform::store::Database& db,
                                       platform::mail::MailSetup mail)
    : db_(db), mail_(std::move(mail)) {}

SentInvitation InvitationsService::Deliver(Connection& c, Invitation invitation,
                                           const std::string& token,
                                           const std::string& inviter_name,
                                           const std::string& organization_name) {
  const std::string link = mail_.public_url + "/accept-invitation?token=" + token;
  SentInvitation out{.invitation = std::move(invitation)};
  if (mail_.from && platform::mail::IsSendableAddress(out.invitation.email)) {
    platform::mail::EnqueueMail(
        c, InvitationMessage(mail_, out.invitation, inviter_name, organization_name, link));
    out.mailed = true;
  } else {
    out.accept_url = link;
  }
  return out;
}

awaitable<Result<SentInvitation>> InvitationsService::Invite(const Principal& who,
                                                             NewInvitation input,
                                                             platform::identity::RequestMeta meta) {
  auto email = platform::identity::NormalizeEmail(input.email);
  if (!email) co_return email.error();
  co_return co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    if (!c.Query("SELECT 1 FROM accounts WHERE email = $1", {*email}).empty()) {
      throw ErrorException(
          Error(errors::kEmailTaken, "an account with this email exists", {{"field", "email"}}));
    }
    // Inviting again replaces the pending invitation (and its link), keeping its seat.
    c.Execute(
        "UPDATE invitations SET revoked_at = $3, updated_at = $3 WHERE organization_id = $1 AND "
        "email = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
        {who.organization_id, *email, now});
    RequireSeat(c, who.organization_id, now);
    Invitation invitation{.id = platform::NewId(),
                          .organization_id = who.organization_id,
                          .email = *email,
                          .first_name = input.first_name,
                          .last_name = input.last_name,
                          .role = input.role,
                          .invited_by = who.user_id,
                          .expires_at = now + kInvitationLifetimeMillis,
                          .created_at = now};
    const std::string token = platform::auth::NewOpaqueToken();
    c.Execute(
        "INSERT INTO invitations (id, organization_id, email, role, first_name, last_name, "
        "invited_by, token_hash, expires_at, created_at, updated_at) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, $9, $10, $10)",
        {invitation.id, invitation.organization_id, invitation.email,
         std::string(RoleName(invitation.role)), invitation.first_name, invitation.last_name,
         who.user_id, platform::auth::HashToken(token), invitation.expires_at, now});
    const auto [inviter, organization] = Names(c, who);
    auto sent = Deliver(c, std::move(invitation), token, inviter, organization);
    audit::Record(c, AuditEntry(who, meta, "user.invited", "invitation", sent.invitation.id,
                                {{"email", sent.invitation.email},
                                 {"role", RoleName(sent.invitation.role)},
                                 {"mailed", sent.mailed}}));
    return sent;
  });
}

awaitable<std::vector<Invitation>> InvitationsService::ListPending(const Principal& who) {
  co_return co_await db_.Read([&](Connection& c) {
    std::vector<Invitation> out;
    for (const auto& r : c.Query("SELECT " + std::string(kColumns) +
                                     " FROM invitations i WHERE i.organization_id = $1 AND "
                                     "i.accepted_at IS NULL AND i.revoked_at IS NULL ORDER BY "
                                     "i.created_at, i.id",
                                 {who.organization_id})) {
      out.push_back(InvitationFrom(r));
    }
    return out;
  });
}

awaitable<Result<SentInvitation>> InvitationsService::Resend(const Principal& who, std::string id,
                                                             platform::identity::RequestMeta meta) {
  co_return co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    auto invitation = FindPending(c, who.organization_id, id);
    if (!invitation) throw ErrorException(kInvitationNotFound);
    // An expired invitation gave its seat back: taking it again needs one.
    if (invitation->expires_at <= now) RequireSeat(c, who.organization_id, now);
    // A new link; the old one stops working.
    const std::string token = platform::auth::NewOpaqueToken();
    invitation->expires_at = now + kInvitationLifetimeMillis;
    c.Execute(
        "UPDATE invitations SET token_hash = $2, expires_at = $3, updated_at = $4 WHERE id = $1",
        {invitation->id, platform::auth::HashToken(token), invitation->expires_at, now});
    const auto [inviter, organization] = Names(c, who);
    auto sent = Deliver(c, std::move(*invitation), token, inviter, organization);
    audit::Record(c, AuditEntry(who, meta, "invitation.resent", "invitation", id,
                                {{"email", sent.invitation.email}, {"mailed", sent.mailed}}));
    return sent;
  });
}

awaitable<Result<bool>> InvitationsService::Revoke(const Principal& who, std::string id,
                                                   platform::identity::RequestMeta meta) {
  co_return co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    auto invitation = FindPending(c, who.organization_id, id);
    if (!invitation) throw ErrorException(kInvitationNotFound);
    c.Execute("UPDATE invitations SET revoked_at = $2, updated_at = $2 WHERE id = $1", {id, now});
    audit::Record(c, AuditEntry(who, meta, "invitation.revoked", "invitation", id,
                                {{"email", invitation->email}}));
    return true;
  });
}

awaitable<Result<InvitationPreview>> InvitationsService::Preview(std::string token) {
  const Error invalid(errors::kInvitationInvalid,
                      "this invitation link is unknown, used, revoked or expired");
  if (token.empty() || token.size() > 128) co_return invalid;
  auto found = co_await db_.Read([&](Connection& c) -> std::optional<InvitationPreview> {
    const auto rows = c.Query(
        "SELECT " + std::string(kColumns) +
            ", o.name, COALESCE(u.first_name, ''), COALESCE(u.last_name, '') FROM invitations i "
            "JOIN organizations o ON o.id = i.organization_id LEFT JOIN users u ON u.id = "
            "i.invited_by WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS "
            "NULL AND i.expires_at > $2",
        {platform::auth::HashToken(token), platform::NowMillis()});
    if (rows.empty()) return std::nullopt;
    std::string inviter = rows[0].Text(10);
    if (!rows[0].Text(11).empty()) inviter += (inviter.empty() ? "" : " ") + rows[0].Text(11);
    return InvitationPreview{.invitation = InvitationFrom(rows[0]),
                             .organization_name = rows[0].Text(9),
                             .invited_by_name = inviter};
  });
  if (!found) co_return invalid;
  co_return std::move(*found);
}

std::optional<Invitation> RedeemInvitation(Connection& c, std::string_view token,
                                           std::int64_t now) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  const auto rows = c.Query(
      "UPDATE invitations SET accepted_at = $2, updated_at = $2 WHERE token_hash = $1 AND "
      "accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 RETURNING id, "
      "organization_id, email, first_name, last_name, role, invited_by, expires_at, created_at",
      {platform::auth::HashToken(token), now});
  if (rows.empty()) return std::nullopt;
  return InvitationFrom(rows[0]);
}

}  // namespace vizora::identity
