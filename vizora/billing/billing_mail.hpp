#pragma once

// The mail billing sends: when a payment fails, the organization's billing address (or, when
// it has none, each active admin) hears that the card needs attention, how much is due and
// how long the plan lasts before the free plan's limits apply.

#include <cstdint>

#include "platform/mail/mail_message.hpp"
#include "vizora/billing/stripe_events.hpp"

namespace vizora::billing {

// The hook ApplyStripeEvent calls; does nothing without a mail setup (no --smtp).
PaymentFailedHook PaymentFailedMail(platform::mail::MailSetup mail, std::int64_t grace_days);

}  // namespace vizora::billing
