#pragma once

// GET /api/v1/billing (viewer and up), not yet in API.md:
//   {"plan": PLAN, "status": "trial"|"active"|"past_due"|"canceled", "trialEndsAt": ISO|null,
//    "limits": {"screens", "storageBytes", "users", "analyticsRetentionDays"},
//    "usage": {"screens", "storageBytes", "users"}, "plans": [PLAN, …]}
// where PLAN is {"id", "name", "screens", "storageBytes", "users", "analyticsRetentionDays",
// "centsPerScreenMonth"}. limits.screens is the organization's own quota (an operator may
// have raised it); storage counts the bytes of live content, users the active ones.
// Checkout, the customer portal, invoices and Stripe's webhook come with billing proper
// (issue 23).

#include "platform/net/router.hpp"
#include "platform/store/database.hpp"

namespace vizora::billing {

void AddBillingRoutes(platform::net::Router& router, platform::store::Database& db);

}  // namespace vizora::billing
