#pragma once

// Email verification (issue 23; VIZTUBE-API.md "Users"): registering, or changing the address,
// mails a single-use link good for two days; following it marks the address as reaching its
// owner (`emailVerified` on the current user). A signed-in user may ask for another, three an
// hour. Tokens, their mail and its queue are the platform's
// (platform/identity/email_verification_mail.hpp); the message is VizTube's.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "platform/core/error.hpp"
#include "platform/identity/email_verification_mail.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"

namespace viztube::users {

class EmailVerification {
 public:
  EmailVerification(platform::store::Database& db, platform::mail::MailSetup mail);

  // Whether this server sends mail, so can verify addresses.
  bool Enabled() const { return mail_.Enabled(); }

  // After registering or a new address: queues the link when this server sends mail. Never
  // fails what came before.
  boost::asio::awaitable<void> SendLink(std::string user_id);
  // Another link: 409 when the address is verified already, 503 when this server sends no
  // mail, 429 after three within the hour.
  boost::asio::awaitable<platform::Result<bool>> Resend(std::string user_id);
  // 401 UNAUTHENTICATED for a link unknown, expired or for an address since changed.
  boost::asio::awaitable<platform::Result<bool>> Confirm(std::string token);

 private:
  platform::identity::EmailVerificationMail mail_;
};

}  // namespace viztube::users
