#pragma once

// The mail billing sends: when a payment fails, the organization's billing address (or, when
// it has none, each active admin) hears that the card needs attention, how much is due and
// how long the plan lasts before the free plan's limits apply.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/mail/mail_message.hpp"
#include "vizora/billing/stripe_events.hpp"

namespace vizora::billing {

// Who billing mail goes to: the organization's billing address, or else each active admin;
// addresses no relay would take are left out (they must not fail the caller's transaction).
std::vector<platform::mail::MailAddress> BillingRecipients(
    platform::store::Connection& c, const std::string& organization_id, const std::string& name,
    const std::optional<std::string>& billing_email);

// The hook ApplyStripeEvent calls; does nothing without a mail setup (no --smtp).
PaymentFailedHook PaymentFailedMail(platform::mail::MailSetup mail, std::int64_t grace_days);

}  // namespace vizora::billing
