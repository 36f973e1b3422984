#include "viztube/users/email_verification.hpp"

#include "platform/auth/tokens.hpp"
#include "viztube/users/users_service.hpp"

namespace viztube::users {

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
  const auto rows = c.Query(
      "SELECT u.fullname, a.username FROM users u JOIN accounts a ON a.id = u.id WHERE u.id = $1",
      {user_id});
  if (rows.empty()) throw platform::ErrorException(Error(platform::errors::kNotFound, "no user"));
  const std::string fullname = rows[0].Text(0), username = rows[0].Text(1);
  const std::string link = mail.public_url + "/verify-email?token=" + issued.token;
  const std::string text = "Hello " + fullname +
                           ",\n\nPlease confirm that this is the address of @" + username +
                           " on VizTube. Open this link within two days:\n\n" + link +
                           "\n\nIf you did not sign up for VizTube, ignore this message.\n";
  const std::string html =
      "<p>Hello " + EscapeHtml(fullname) +
      ",</p><p>Please confirm that this is the address of <b>@" + EscapeHtml(username) +
      "</b> on VizTube. Open this link within two days:</p><p><a href=\"" + EscapeHtml(link) +
      "\">Confirm my address</a></p><p>If you did not sign up for VizTube, ignore this "
      "message.</p>";
  return {.from = *mail.from,
          .to = {.email = issued.email, .name = fullname},
          .subject = "Confirm your email address for VizTube",
          .text = text,
          .html = html,
          .id = "email-verification." + platform::auth::HashToken(issued.token).substr(0, 32)};
}

}  // namespace

EmailVerification::EmailVerification(platform::store::Database& db, platform::mail::MailSetup mail)
    : mail_(db, std::move(mail), VerificationMessage) {}

awaitable<void> EmailVerification::SendLink(std::string user_id) {
  co_await mail_.SendQuietly(std::move(user_id));
}

awaitable<Result<bool>> EmailVerification::Resend(std::string user_id) {
  co_return co_await mail_.Resend(std::move(user_id));
}

awaitable<Result<bool>> EmailVerification::Confirm(std::string token) {
  // Named, not tested inside the condition: GCC 12 mishandles a co_await there.
  const auto account = co_await mail_.Redeem(std::move(token));
  if (!account) {
    co_return Error(kUnauthenticated,
                    "this verification link is unknown or expired, or the address has changed "
                    "since");
  }
  co_return true;
}

}  // namespace viztube::users
