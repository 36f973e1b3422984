#pragma once

// Stripe, as far as the billing tests need it (we cannot reach Stripe from here):
// tests/support/stripe_standin.py answers the API calls Vizora makes, checked against
// Stripe's documented parameters, records them, and plays Checkout's and the Portal's hosted
// pages, which deliver signed webhooks. And Stripe's own signer (its npm package) for the
// webhooks the tests send themselves.

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace testing_support {

class StripeStandIn {
 public:
  StripeStandIn(const std::filesystem::path& dir, unsigned short port, std::string secret_key,
                std::string webhook_url, std::string webhook_secret);
  ~StripeStandIn();
  StripeStandIn(const StripeStandIn&) = delete;
  StripeStandIn& operator=(const StripeStandIn&) = delete;
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Every call it received, oldest first: {"method", "path", "params", "idempotencyKey"}, and
  // each webhook its pages delivered: {"method": "WEBHOOK", "path": type, "status"}.
  std::vector<boost::json::object> Requests() const;

 private:
  std::filesystem::path dir_;
  unsigned short port_;
  int pid_ = -1;
};

// The Stripe-Signature header Stripe would send for `payload` at `timestamp` (unix seconds),
// one v1 per secret, made by the `stripe` npm package (installed by e2e's npm ci).
std::string SignLikeStripe(const std::string& payload, const std::vector<std::string>& secrets,
                           std::int64_t timestamp);

}  // namespace testing_support
