#pragma once

// GET /api/v1/billing: the caller's plan, its status and trial, the limits that apply and how
// much of each is used, and the plans there are (API.md "Billing"). Checkout, the customer
// portal, invoices and Stripe's webhook come with billing proper (issue 23).

#include "platform/net/router.hpp"
#include "platform/store/database.hpp"

namespace vizora::billing {

void AddBillingRoutes(platform::net::Router& router, platform::store::Database& db);

}  // namespace vizora::billing
