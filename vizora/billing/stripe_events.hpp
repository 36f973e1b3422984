#pragma once

// What a verified Stripe webhook event does to an organization, applied in the caller's
// transaction together with storing the event's id, so each event takes effect once: a replay
// finds its id stored and changes nothing.
//
// Events may arrive late, twice or out of order (Stripe promises none of that), so state
// follows the subscription's own timestamps: an organization remembers the `created` of the
// event that last set its subscription state (billing_state_at) and an older event does not
// undo it; a subscription Stripe deleted stays canceled whatever older news of it arrives.
//
//   checkout.session.completed     the customer and subscription become the organization's;
//                                  the plan and screens paid for apply, status active
//   customer.subscription.created  status (active/trialing → active, past_due/unpaid →
//   customer.subscription.updated  past_due, canceled → canceled), plan (metadata.plan) and
//                                  screens (the item's quantity)
//   customer.subscription.deleted  canceled: the free plan's limits
//   invoice.paid                   the invoice is listed; past_due → active
//   invoice.payment_failed         the invoice is listed; active → past_due (the grace period
//                                  starts), and the admins are told by mail
// Other types are stored and ignored; so is an event naming no organization of ours.

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "platform/store/database.hpp"

namespace vizora::billing {

struct AppliedEvent {
  bool duplicate = false;                      // seen before: nothing was done
  std::optional<std::string> organization_id;  // whose event it was, when it named one of ours
  bool changed = false;                        // the organization's subscription state moved
};

// Called in the same transaction when a payment failed and the organization fell past due
// (to queue the mail to its admins).
using PaymentFailedHook =
    std::function<void(platform::store::Connection&, const std::string& organization_id,
                       const boost::json::object& invoice)>;

// `event` is Stripe's Event object, verified; a payment that fails starts a grace period of
// `grace_ms` (organizations.grace_ends_at). Throws platform::ErrorException (400) when it
// lacks an id, a type, a created time or a data.object.
AppliedEvent ApplyStripeEvent(platform::store::Connection& c, const boost::json::object& event,
                              std::int64_t now, std::int64_t grace_ms,
                              const PaymentFailedHook& payment_failed = {});

}  // namespace vizora::billing
