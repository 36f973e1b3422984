#pragma once

// Forgotten passwords (issue 23; VIZTUBE-API.md "Users"): asking mails a single-use link, good
// for an hour, when the address is a user's, and the answer is the same when it is not;
// following it sets a new password and ends every session. Tokens and the confirmation are
// the platform's (platform/identity/password_resets.hpp); the mail goes through the platform's
// queue in the transaction that issued the token.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "platform/core/error.hpp"
#include "platform/identity/accounts.hpp"
#include "platform/identity/session_cache.hpp"
#include "platform/identity/sessions.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"

namespace viztube::users {

class PasswordReset {
 public:
  PasswordReset(platform::store::Database& db, platform::identity::Accounts& accounts,
                const platform::identity::Sessions& sessions,
                platform::identity::SessionCache& cache, platform::mail::MailSetup mail);

  boost::asio::awaitable<void> Request(std::string email);
  // 401 UNAUTHENTICATED for a link that is unknown, spent or expired; 400 for a weak password.
  boost::asio::awaitable<platform::Result<std::string>> Confirm(std::string token,
                                                                std::string new_password);

 private:
  platform::store::Database& db_;
  platform::identity::Accounts& accounts_;
  const platform::identity::Sessions& sessions_;
  platform::identity::SessionCache& cache_;
  platform::mail::MailSetup mail_;
};

}  // namespace viztube::users
