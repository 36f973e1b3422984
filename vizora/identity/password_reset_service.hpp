#pragma once

// Forgotten passwords (API.md "Identity", issue 23): asking mails a single-use link, good for
// an hour, to the address if it is an active user's; the answer is the same whether or not
// it is. Following the link sets a new password and ends every session of the account. The
// tokens are the platform's (platform/identity/password_resets.hpp), the mail goes through
// the platform's queue in the transaction that issued the token.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "platform/core/error.hpp"
#include "platform/identity/accounts.hpp"
#include "platform/identity/session_cache.hpp"
#include "platform/identity/sessions.hpp"
#include "platform/identity/web_session.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::identity {

namespace errors {
inline constexpr platform::ErrorKind kResetTokenInvalid{"AUTH_005", 401};
}  // namespace errors

class PasswordResetService {
 public:
  PasswordResetService(platform::store::Database& db, platform::identity::Accounts& accounts,
                       const platform::identity::Sessions& sessions,
                       platform::identity::SessionCache& cache, platform::mail::MailSetup mail);

  // Queues the mail when `email` is an active user's and the account may have another reset
  // this hour; does nothing otherwise. Never says which.
  boost::asio::awaitable<void> Request(std::string email, platform::identity::RequestMeta meta);
  // Sets the token's account's password and revokes its sessions; AUTH_005 for a token that is
  // unknown, spent or expired, VALIDATION for a password too weak.
  boost::asio::awaitable<platform::Result<bool>> Confirm(std::string token, std::string password,
                                                         platform::identity::RequestMeta meta);

 private:
  boost::asio::awaitable<void> SendLink(std::string email, platform::identity::RequestMeta meta);

  platform::store::Database& db_;
  platform::identity::Accounts& accounts_;
  const platform::identity::Sessions& sessions_;
  platform::identity::SessionCache& cache_;
  platform::mail::MailSetup mail_;
};

}  // namespace vizora::identity
