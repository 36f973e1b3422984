#include "vizora/identity/password_reset_service.hpp"

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/identity/password_resets.hpp"
#include "platform/mail/mail_queue.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/identity/detail/rows.hpp"

namespace vizora::identity {

using boost::asio::awaitable;
using platform::Error;
using platform::Result;
using platform::identity::PasswordResets;
using platform::mail::EscapeHtml;
using platform::store::Connection;

namespace {

platform::mail::MailMessage ResetMessage(const platform::mail::MailSetup& mail, const User& user,
                                         const Organization& organization,
                                         const std::string& token) {
  const std::string link = mail.public_url + "/reset-password?token=" + token;
  const std::string greeting =
      user.first_name.empty() ? "Hello," : "Hello " + user.first_name + ",";
  const std::string text =
      greeting +
      "\n\nSomeone, hopefully you, asked to reset the password of your Vizora account at " +
      organization.name + ". Open this link within an hour to choose a new one:\n\n" + link +
      "\n\nIf it was not you, ignore this message: your password stays as it is.\n";
  const std::string html =
      "<p>" + EscapeHtml(greeting) +
      "</p><p>Someone, hopefully you, asked to reset the password of your Vizora account at <b>" +
      EscapeHtml(organization.name) +
      "</b>. Open this link within an hour to choose a new one:</p><p><a href=\"" +
      EscapeHtml(link) +
      "\">Choose a new password</a></p><p>If it was not you, ignore this "
      "message: your password stays as it is.</p>";
  return {.from = *mail.from,
          .to = {.email = user.email, .name = user.first_name + " " + user.last_name},
          .subject = "Reset your Vizora password for " + organization.name,
          .text = text,
          .html = html,
          .id = "password-reset." + platform::auth::HashToken(token).substr(0, 32)};
}

}  // namespace

PasswordResetService::PasswordResetService(platform::store::Database& db,
                                           platform::identity::Accounts& accounts,
                                           const platform::identity::Sessions& sessions,
                                           platform::identity::SessionCache& cache,
                                           platform::mail::MailSetup mail)
    : db_(db), accounts_(accounts), sessions_(sessions), cache_(cache), mail_(std::move(mail)) {}

awaitable<void> PasswordResetService::Request(std::string email_input,
                                              platform::identity::RequestMeta meta) {
  const auto email = platform::identity::NormalizeEmail(email_input);
  if (!email) co_return;
  if (!mail_.from) {
    // No relay: nothing could reach the user. Said once per request, without the address.
    platform::log::Warn("password_reset.no_mail", {{"why", "no --smtp configured"}});
    co_return;
  }
  try {
    co_await SendLink(*email, meta);
  } catch (const platform::ErrorException& e) {
    // A message that cannot be sent (a name with a line break): the answer stays the same.
    platform::log::Warn("password_reset.unsendable", {{"error", e.error().message}});
  }
}

awaitable<void> PasswordResetService::SendLink(std::string email,
                                               platform::identity::RequestMeta meta) {
  co_await db_.Transact([&](Connection& c) {
    const auto rows = c.Query(detail::UserWithOrganizationSql("u.email = $1"), {email});
    if (rows.empty()) return 0;
    const User user = detail::UserFrom(rows[0]);
    if (!user.is_active) return 0;
    const Organization organization = detail::OrganizationFrom(rows[0], detail::kUserColumnCount);
    const std::int64_t now = platform::NowMillis();
    const auto token = PasswordResets::Issue(c, user.id, now);
    if (!token) return 0;  // enough links this hour already
    platform::mail::EnqueueMail(c, ResetMessage(mail_, user, organization, *token));
    audit::Record(c, {.organization_id = user.organization_id,
                      .user_id = user.id,
                      .action = "user.password_reset_requested",
                      .entity_type = "user",
                      .entity_id = user.id,
                      .ip_address = meta.ip,
                      .user_agent = meta.user_agent});
    return 1;
  });
}

awaitable<Result<bool>> PasswordResetService::Confirm(std::string token, std::string password,
                                                      platform::identity::RequestMeta meta) {
  const auto audit = [&meta](Connection& c, const std::string& account_id, std::int64_t) {
    const auto rows = c.Query("SELECT organization_id FROM users WHERE id = $1", {account_id});
    if (rows.empty()) return;
    audit::Record(c, {.organization_id = rows[0].Text(0),
                      .user_id = account_id,
                      .action = "user.password_reset",
                      .entity_type = "user",
                      .entity_id = account_id,
                      .ip_address = meta.ip,
                      .user_agent = meta.user_agent});
  };
  // Named, not braced in the call: GCC 12 destroys a braced temporary passed by value to a
  // coroutine twice.
  platform::identity::ResetConfirmation confirmation{.token = std::move(token),
                                                     .password = std::move(password),
                                                     .invalid_token = errors::kResetTokenInvalid,
                                                     .also = audit};
  auto account = co_await platform::identity::ConfirmPasswordReset(db_, accounts_, sessions_,
                                                                   cache_, std::move(confirmation));
  if (!account) co_return account.error();
  co_return true;
}

}  // namespace vizora::identity
