#pragma once

// The mail side of email verification, as every product runs it: issue a token and queue the
// product's message in one transaction, answer a request for another link, and redeem a
// followed one. The product supplies only its message (subject, words, link path).

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>

#include "platform/core/error.hpp"
#include "platform/identity/email_verifications.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"

namespace platform::identity {

class EmailVerificationMail {
 public:
  // The product's message for an issued token, in the issuing transaction (it may read the
  // account's profile); `mail` is the setup given here (sender, public URL).
  using Compose = std::function<mail::MailMessage(
      store::Connection& c, const std::string& account_id, const IssuedVerification& issued,
      const mail::MailSetup& mail)>;

  EmailVerificationMail(store::Database& db, mail::MailSetup mail, Compose compose);

  bool Enabled() const { return mail_.from.has_value(); }
  // After signing up or a new address: queues a link when this server sends mail. Never fails
  // what came before (a refusal is logged).
  boost::asio::awaitable<void> SendQuietly(std::string account_id);
  // Another link on request: CONFLICT_001 when verified already, UNAVAILABLE without mail,
  // RATE_LIMIT after kMaxVerificationsPerHour within the hour, NOT_FOUND without an address.
  boost::asio::awaitable<Result<bool>> Resend(std::string account_id);
  // The account whose address the token verified (see EmailVerifications::Redeem); `also`
  // runs in the same transaction when it did so now, not for a link followed again (the
  // product's audit, once).
  boost::asio::awaitable<std::optional<std::string>> Redeem(
      std::string token,
      std::function<void(store::Connection&, const std::string& account_id)> also);
  // For a product with nothing to add.
  boost::asio::awaitable<std::optional<std::string>> Redeem(std::string token) {
    return Redeem(std::move(token), nullptr);
  }

 private:
  Result<bool> Send(store::Connection& c, const std::string& account_id);

  store::Database& db_;
  mail::MailSetup mail_;
  Compose compose_;
};

}  // namespace platform::identity
