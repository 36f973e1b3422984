#include "vizora/identity/email_verification_service.hpp"

#include "platform/auth/tokens.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/identity/detail/rows.hpp"

namespace vizora::identity {

using boost::asio::awaitable;
using platform::Error;
using platform::Result;
using platform::identity::IssuedVerification;
using platform::mail::EscapeHtml;
using platform::store::Connection;

namespace {

platform::mail::MailMessage VerificationMessage(Connection& c, const std::string& user_id,
                                                const IssuedVerification& issued,
                                                const platform::mail::MailSetup& mail) {
  const auto rows = c.Query(detail::UserWithOrganizationSql("u.id = $1"), {user_id});
  if (rows.empty()) throw platform::ErrorException(Error(platform::errors::kNotFound, "no user"));
  const User user = detail::UserFrom(rows[0]);
  const Organization organization = detail::OrganizationFrom(rows[0], detail::kUserColumnCount);
  const std::string link = mail.public_url + "/verify-email?token=" + issued.token;
  const std::string greeting =
      user.first_name.empty() ? "Hello," : "Hello " + user.first_name + ",";
  const std::string text =
      greeting + "\n\nPlease confirm that this is your address for your Vizora account at " +
      organization.name + ". Open this link within two days:\n\n" + link +
      "\n\nIf you did not sign up for Vizora, ignore this message.\n";
  const std::string html =
      "<p>" + EscapeHtml(greeting) +
      "</p><p>Please confirm that this is your address for your Vizora account at <b>" +
      EscapeHtml(organization.name) + "</b>. Open this link within two days:</p><p><a href=\"" +
      EscapeHtml(link) +
      "\">Confirm my address</a></p><p>If you did not sign up for Vizora, ignore this "
      "message.</p>";
  return {.from = *mail.from,
          .to = {.email = issued.email, .name = user.first_name + " " + user.last_name},
          .subject = "Confirm your email address for Vizora",
          .text = text,
          .html = html,
          .id = "email-verification." + platform::auth::HashToken(issued.token).substr(0, 32)};
}

}  // namespace

EmailVerificationService::EmailVerificationService(platform::store::Database& db,
                                                   platform::mail::MailSetup mail)
    : mail_(db, std::move(mail), VerificationMessage) {}

awaitable<void> EmailVerificationService::SendAfterSignUp(std::string user_id) {
  co_await mail_.SendQuietly(std::move(user_id));
}

awaitable<Result<bool>> EmailVerificationService::Resend(const Principal& who) {
  co_return co_await mail_.Resend(who.user_id);
}

awaitable<Result<bool>> EmailVerificationService::Confirm(std::string token,
                                                          platform::identity::RequestMeta meta) {
  const auto audit = [&meta](Connection& c, const std::string& user_id) {
    const auto rows = c.Query("SELECT organization_id FROM users WHERE id = $1", {user_id});
    if (rows.empty()) return;
    audit::Record(c, {.organization_id = rows[0].Text(0),
                      .user_id = user_id,
                      .action = "user.email_verified",
                      .entity_type = "user",
                      .entity_id = user_id,
                      .ip_address = meta.ip,
                      .user_agent = meta.user_agent});
  };
  const auto account = co_await mail_.Redeem(std::move(token), audit);
  if (!account) {
    co_return Error(errors::kVerificationInvalid,
                    "this verification link is unknown or expired, or the account's address has "
                    "changed since");
  }
  co_return true;
}

}  // namespace vizora::identity
