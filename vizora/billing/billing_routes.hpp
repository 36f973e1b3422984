#pragma once

// The billing routes (API.md "Billing"):
//   GET  /api/v1/billing                 (viewer) plan, status, trial end, limits, usage,
//                                        invoices, every plan, and whether billing is on
//   POST /api/v1/billing/checkout        (admin) {plan, screens} → {url}: Stripe Checkout
//   POST /api/v1/billing/portal          (admin) → {url}: Stripe's Customer Portal
//   POST /api/v1/billing/stripe/webhook  (Stripe-Signature only) → {"received": true}
// Without a Stripe secret key billing is off (self-hosted): checkout and portal answer 409
// BILLING_001 and the webhook 404; the plan and limits still show.

#include <functional>
#include <string>

#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "vizora/billing/stripe_api.hpp"
#include "vizora/billing/stripe_events.hpp"

namespace vizora::billing {

namespace errors {
inline constexpr platform::ErrorKind kBillingOff{"BILLING_001", 409};
inline constexpr platform::ErrorKind kAlreadySubscribed{"BILLING_002", 409};
inline constexpr platform::ErrorKind kStripeFailed{"BILLING_003", 502};
inline constexpr platform::ErrorKind kNoCustomer{"BILLING_004", 409};
inline constexpr platform::ErrorKind kBadSignature{"BILLING_005", 400};
}  // namespace errors

struct BillingOptions {
  StripeSettings stripe;  // billing is on with a secret key
  // The web app's public URL: Checkout and the Portal send the customer back to its plan page.
  std::string public_url;
  platform::WorkerPool* pool = nullptr;  // Stripe's API is called here, off the event loop
  std::int64_t grace_ms = 7LL * 24 * 3600 * 1000;  // past due this long: the free plan's limits
  PaymentFailedHook payment_failed;
  // After an event moved an organization's subscription (committed): what it may use changed,
  // so screens beyond its plan, or back within it, must hear (manifests are pushed).
  std::function<void(const std::string& organization_id)> standing_changed;
};

void AddBillingRoutes(platform::net::Router& router, platform::store::Database& db,
                      BillingOptions options);

}  // namespace vizora::billing
