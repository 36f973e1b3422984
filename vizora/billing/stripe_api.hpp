#pragma once

// The few calls Vizora makes to Stripe's API (form-encoded POSTs, JSON answers, a secret key
// as the bearer): a customer per organization, a Checkout Session for a plan and a number of
// screens, a Customer Portal session. Blocking (libcurl): call it on a worker pool, never on
// an event loop. The base URL is configuration, so tests and the e2e journey point it at a
// stand-in that checks the parameters against Stripe's documentation.

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace vizora::billing {

struct StripeSettings {
  std::string secret_key;                    // sk_live_… / sk_test_…; billing is off without it
  std::vector<std::string> webhook_secrets;  // whsec_…; several while one is rolled
  std::string api_base = "https://api.stripe.com";
  std::chrono::seconds timeout{20};
  bool Enabled() const { return !secret_key.empty(); }
};

// Stripe answered with an error, or could not be reached. `status` is 0 when no answer came.
class StripeError : public std::runtime_error {
 public:
  StripeError(int status, const std::string& message)
      : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// application/x-www-form-urlencoded, Stripe's way: nested keys are spelled out by the caller
// ("line_items[0][quantity]").
using FormFields = std::vector<std::pair<std::string, std::string>>;
std::string EncodeForm(const FormFields& fields);

struct CheckoutRequest {
  std::string customer;  // cus_…
  std::string organization_id;
  std::string plan_id, plan_name;
  std::int64_t cents_per_screen_month = 0;
  std::int64_t screens = 0;
  std::string success_url, cancel_url;
};

struct CreatedSession {
  std::string id, url;
};

class StripeApi {
 public:
  explicit StripeApi(StripeSettings settings) : settings_(std::move(settings)) {}

  // Returns the new customer's id. `idempotency_key` makes a retried call return the same
  // customer instead of a second one.
  std::string CreateCustomer(const std::string& organization_id, const std::string& name,
                             const std::string& email, const std::string& idempotency_key) const;
  CreatedSession CreateCheckoutSession(const CheckoutRequest& request) const;
  CreatedSession CreatePortalSession(const std::string& customer,
                                     const std::string& return_url) const;

 private:
  // POSTs `fields` to `path`; returns the answer's JSON text, or throws StripeError.
  std::string Post(const std::string& path, const FormFields& fields,
                   const std::string& idempotency_key) const;
  StripeSettings settings_;
};

}  // namespace vizora::billing
