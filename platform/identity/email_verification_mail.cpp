#include "platform/identity/email_verification_mail.hpp"

#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/mail/mail_queue.hpp"

namespace platform::identity {

using boost::asio::awaitable;
using store::Connection;

EmailVerificationMail::EmailVerificationMail(store::Database& db, mail::MailSetup mail,
                                             Compose compose)
    : db_(db), mail_(std::move(mail)), compose_(std::move(compose)) {}

Result<bool> EmailVerificationMail::Send(Connection& c, const std::string& account_id) {
  const auto issued = EmailVerifications::Issue(c, account_id, NowMillis());
  switch (issued.outcome) {
    case IssuedVerification::Outcome::kIssued:
      break;
    case IssuedVerification::Outcome::kAlreadyVerified:
      return Error(errors::kConflict, "this email address is verified already");
    case IssuedVerification::Outcome::kNoEmail:
      return Error(errors::kNotFound, "this account has no email address");
    case IssuedVerification::Outcome::kTooMany:
      return Error(errors::kRateLimited,
                   "three links were sent within the hour: use one of them, or try later");
  }
  mail::EnqueueMail(c, compose_(c, account_id, issued, mail_));
  return true;
}

awaitable<void> EmailVerificationMail::SendQuietly(std::string account_id) {
  if (!Enabled()) co_return;
  // The account is there either way; its owner can ask for another link.
  std::string failure;
  try {
    auto sent = co_await Resend(std::move(account_id));
    if (!sent) failure = sent.error().message;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (!failure.empty()) log::Warn("email_verification.not_sent", {{"error", failure}});
}

awaitable<Result<bool>> EmailVerificationMail::Resend(std::string account_id) {
  if (!Enabled()) {
    co_return Error(errors::kUnavailable, "this server sends no mail, so cannot verify addresses");
  }
  co_return co_await db_.TransactOrError([&](Connection& c) {
    auto sent = Send(c, account_id);
    if (!sent) throw ErrorException(sent.error());
    return *sent;
  });
}

// Not a coroutine: everything the transaction needs is moved into it (no braced temporaries
// outlive a coroutine frame on GCC 12).
awaitable<std::optional<std::string>> EmailVerificationMail::Redeem(
    std::string token, std::function<void(Connection&, const std::string&)> also) {
  return db_.Transact([token = std::move(token), also = std::move(also)](Connection& c) {
    const auto redeemed = EmailVerifications::Redeem(c, token, NowMillis());
    if (!redeemed) return std::optional<std::string>();
    if (!redeemed->again && also) also(c, redeemed->account_id);
    return std::optional<std::string>(redeemed->account_id);
  });
}

}  // namespace platform::identity
