#include "viztube/users/password_reset.hpp"

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/identity/password_resets.hpp"
#include "platform/mail/mail_queue.hpp"
#include "viztube/users/users_service.hpp"

namespace viztube::users {

using boost::asio::awaitable;
using platform::mail::EscapeHtml;
using platform::store::Connection;

namespace {

platform::mail::MailMessage ResetMessage(const platform::mail::MailSetup& mail,
                                         const std::string& email, const std::string& fullname,
                                         const std::string& username, const std::string& token) {
  const std::string link = mail.public_url + "/reset-password?token=" + token;
  const std::string text = "Hello " + fullname +
                           ",\n\nSomeone, hopefully you, asked to reset the password of @" +
                           username +
                           " on VizTube. Open this link within an hour to choose a "
                           "new one:\n\n" +
                           link +
                           "\n\nIf it was not you, ignore this message: your password stays as "
                           "it is.\n";
  const std::string html =
      "<p>Hello " + EscapeHtml(fullname) +
      ",</p><p>Someone, hopefully you, asked to reset the password of <b>@" + EscapeHtml(username) +
      "</b> on VizTube. Open this link within an hour to choose a new one:</p><p><a href=\"" +
      EscapeHtml(link) +
      "\">Choose a new password</a></p><p>If it was not you, ignore this message: your password "
      "stays as it is.</p>";
  return {.from = *mail.from,
          .to = {.email = email, .name = fullname},
          .subject = "Reset your VizTube password",
          .text = text,
          .html = html,
          .id = "password-reset." + platform::auth::HashToken(token).substr(0, 32)};
}

}  // namespace

PasswordReset::PasswordReset(platform::store::Database& db, platform::identity::Accounts& accounts,
                             const platform::identity::Sessions& sessions,
                             platform::identity::SessionCache& cache,
                             platform::mail::MailSetup mail)
    : db_(db), accounts_(accounts), sessions_(sessions), cache_(cache), mail_(std::move(mail)) {}

awaitable<void> PasswordReset::Request(std::string email_input) {
  const auto email = platform::identity::NormalizeEmail(email_input);
  if (!email) co_return;
  if (!mail_.from) {
    platform::log::Warn("password_reset.no_mail", {{"why", "no --smtp configured"}});
    co_return;
  }
  try {
    co_await db_.Transact([&](Connection& c) {
      const auto rows = c.Query(
          "SELECT u.id, u.fullname, a.username FROM users u JOIN accounts a ON a.id = u.id "
          "WHERE a.email = $1",
          {*email});
      if (rows.empty()) return 0;
      const std::string user_id = rows[0].Text(0);
      const auto token =
          platform::identity::PasswordResets::Issue(c, user_id, platform::NowMillis());
      if (!token) return 0;  // enough links this hour already
      platform::mail::EnqueueMail(
          c, ResetMessage(mail_, *email, rows[0].Text(1), rows[0].Text(2), *token));
      return 1;
    });
  } catch (const platform::ErrorException& e) {
    // A message that cannot be sent: the answer stays the same.
    platform::log::Warn("password_reset.unsendable", {{"error", e.error().message}});
  }
}

awaitable<platform::Result<std::string>> PasswordReset::Confirm(std::string token,
                                                                std::string new_password) {
  // Named, not braced in the call: GCC 12 destroys a braced temporary passed by value to a
  // coroutine twice.
  platform::identity::ResetConfirmation confirmation{.token = std::move(token),
                                                     .password = std::move(new_password),
                                                     .password_field = "newPassword",
                                                     .invalid_token = kUnauthenticated};
  co_return co_await platform::identity::ConfirmPasswordReset(db_, accounts_, sessions_, cache_,
                                                              std::move(confirmation));
}

}  // namespace viztube::users
