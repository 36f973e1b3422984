#pragma once

// Email verification (issue 23): signing up mails a link, good for two days, that shows the
// address reaches its owner; a signed-in user may ask for another. Accepting a mailed
// invitation verifies the address too. Until verified, the dashboard says so; nothing else is
// held back. Tokens, their mail and its queue are the platform's
// (platform/identity/email_verification_mail.hpp); the message is Vizora's.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "platform/core/error.hpp"
#include "platform/identity/email_verification_mail.hpp"
#include "platform/identity/web_session.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::identity {

namespace errors {
inline constexpr platform::ErrorKind kVerificationInvalid{"AUTH_007", 401};
}  // namespace errors

class EmailVerificationService {
 public:
  EmailVerificationService(platform::store::Database& db, platform::mail::MailSetup mail);

  // After signing up: queues the link when this server sends mail. Never fails the sign-up.
  boost::asio::awaitable<void> SendAfterSignUp(std::string user_id);
  // Another link for the caller: CONFLICT_001 when the address is verified already,
  // UNAVAILABLE when this server sends no mail, RATE_LIMIT after three within the hour.
  boost::asio::awaitable<platform::Result<bool>> Resend(const Principal& who);
  // Marks the token's address verified: AUTH_007 for a token unknown, expired or for an
  // address the account no longer has.
  boost::asio::awaitable<platform::Result<bool>> Confirm(std::string token,
                                                         platform::identity::RequestMeta meta);

 private:
  platform::identity::EmailVerificationMail mail_;
};

}  // namespace vizora::identity
