// Paying through Stripe, from the outside (issue 23): Checkout and the Customer Portal go
// through Stripe's API as documented (a stand-in records and checks what we send, since
// Stripe cannot be reached from here), and Stripe's webhooks, signed by Stripe's own npm
// package, drive the subscription: each event once, replays acknowledged and ignored, bad
// signatures refused, events out of order resolved by the subscription's timestamps. Every
// case runs on SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/stripe_standin.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

constexpr const char* kSecretKey = "sk_test_vizora";
constexpr const char* kWebhookSecret = "whsec_current";
constexpr const char* kRolledSecret = "whsec_next";

std::int64_t NowSeconds() {
  return platform::NowMillis() / 1000;
}

class StripeBillingTest : public ServerBackendTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    return {"--stripe-secret-key",
            kSecretKey,
            "--stripe-webhook-secret",
            std::string(kWebhookSecret) + "," + kRolledSecret,
            "--stripe-api-base",
            "http://127.0.0.1:" + std::to_string(stripe_port_),
            "--public-url",
            "https://signs.example.com",
            "--smtp",
            "smtp://127.0.0.1:" + std::to_string(smtp_port_),
            "--mail-from",
            "Vizora <billing@signs.example.com>"};
  }
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    sink_ = std::make_unique<SmtpSink>(dir_.path() / "smtp", smtp_port_);
    stripe_ = std::make_unique<StripeStandIn>(
        dir_.path() / "stripe", stripe_port_, kSecretKey,
        "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/v1/billing/stripe/webhook",
        kWebhookSecret);
    const auto registered = Register("ada@example.com", "Acme");
    ASSERT_EQ(registered.status, 201) << registered.body;
    admin_ = AccountFrom(registered);
  }
  json::object Billing() {
    const auto r = client_->Call(admin_.token, "GET", "/api/v1/billing");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().as_object();
  }
  // Posts `event` as Stripe would: signed with `secrets` at `timestamp`.
  HttpResponse Deliver(const json::object& event,
                       std::vector<std::string> secrets = {kWebhookSecret},
                       std::int64_t timestamp = NowSeconds()) {
    const std::string payload = json::serialize(event);
    return SendWebhook(payload, SignLikeStripe(payload, secrets, timestamp));
  }
  HttpResponse SendWebhook(const std::string& payload, const std::string& signature) {
    return client_->Send({"POST",
                          "/api/v1/billing/stripe/webhook",
                          payload,
                          {{"Content-Type", "application/json"}, {"Stripe-Signature", signature}}});
  }
  // A Stripe Event wrapping `object`, created `created` (unix seconds).
  json::object Event(const std::string& type, json::object object,
                     std::int64_t created = NowSeconds()) {
    return {{"id", "evt_" + std::to_string(++events_)},
            {"object", "event"},
            {"type", type},
            {"created", created},
            {"data", {{"object", std::move(object)}}}};
  }
  json::object Subscription(const std::string& status, std::int64_t quantity,
                            const std::string& plan = "basic") {
    return {{"id", "sub_1"},
            {"object", "subscription"},
            {"customer", "cus_1"},
            {"status", status},
            {"metadata", {{"organizationId", admin_.organization_id}, {"plan", plan}}},
            {"items", {{"data", json::array{json::object{{"quantity", quantity}}}}}}};
  }
  json::object Completed(const std::string& plan, std::int64_t screens) {
    return {{"id", "cs_1"},
            {"object", "checkout.session"},
            {"mode", "subscription"},
            {"customer", "cus_1"},
            {"subscription", "sub_1"},
            {"client_reference_id", admin_.organization_id},
            {"metadata",
             {{"organizationId", admin_.organization_id},
              {"plan", plan},
              {"screens", std::to_string(screens)}}}};
  }
  json::object Invoice(const std::string& id, const std::string& status, std::int64_t amount) {
    return {{"id", id},
            {"object", "invoice"},
            {"customer", "cus_1"},
            {"subscription", "sub_1"},
            {"number", "INV-" + id},
            {"status", status},
            {"amount_due", amount},
            {"amount_paid", status == "paid" ? amount : 0},
            {"currency", "usd"},
            {"created", NowSeconds()},
            {"hosted_invoice_url", "https://invoice.stripe.com/i/" + id},
            {"invoice_pdf", "https://pay.stripe.com/invoice/" + id + "/pdf"}};
  }
  std::vector<json::object> StripeCalls(const std::string& path) const {
    std::vector<json::object> out;
    for (auto& r : stripe_->Requests()) {
      if (r.at("path").as_string() == path) out.push_back(r);
    }
    return out;
  }

  const unsigned short stripe_port_ = UnusedPort();
  const unsigned short smtp_port_ = UnusedPort();
  std::unique_ptr<SmtpSink> sink_;
  std::unique_ptr<StripeStandIn> stripe_;
  Account admin_;
  int events_ = 0;
};

TEST_P(StripeBillingTest, SignedEventsDriveTheSubscriptionEachOnce) {
  const auto completed = Event("checkout.session.completed", Completed("basic", 10));
  const auto first = Deliver(completed);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Json().at("duplicate"), false);
  auto billing = Billing();
  EXPECT_EQ(billing.at("plan").at("id"), "basic");
  EXPECT_EQ(billing.at("status"), "active");
  EXPECT_EQ(billing.at("limits").at("screens"), 10);
  EXPECT_EQ(billing.at("subscribed"), true);

  // Stripe retries what it thinks was not received: the same event is acknowledged, once.
  ASSERT_EQ(
      client_->Call(admin_.token, "PATCH", "/api/v1/organization", R"({"name":"Acme Retail"})")
          .status,
      200);
  const auto replay = Deliver(completed);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.Json().at("duplicate"), true);

  // A failed payment: past due, with the invoice listed; then paid.
  const auto failed = Deliver(Event("invoice.payment_failed", Invoice("in_1", "open", 8000)));
  ASSERT_EQ(failed.status, 200) << failed.body;
  billing = Billing();
  EXPECT_EQ(billing.at("status"), "past_due");
  EXPECT_TRUE(billing.at("pastDueSince").is_string());
  EXPECT_EQ(billing.at("plan").at("id"), "basic") << "the grace period keeps the plan";
  ASSERT_EQ(billing.at("invoices").as_array().size(), 1u);
  EXPECT_EQ(billing.at("invoices").at(0).at("status"), "open");
  // The admin hears of it by mail, once, with the amount and the grace period.
  ASSERT_TRUE(Eventually([&] { return !sink_->Messages(kVerificationSubject).empty(); }));
  const auto mail = sink_->Messages(kVerificationSubject).at(0);
  EXPECT_NE(mail.raw.find("X-Envelope-To: ada@example.com"), std::string::npos);
  EXPECT_NE(mail.shown.find("Subject: Payment failed for Acme Retail's Vizora subscription"),
            std::string::npos)
      << mail.shown;
  EXPECT_NE(mail.shown.find("$80.00"), std::string::npos);
  EXPECT_NE(mail.shown.find("within 7 days"), std::string::npos);
  EXPECT_NE(mail.shown.find("https://signs.example.com/billing"), std::string::npos);
  ASSERT_EQ(Deliver(Event("invoice.paid", Invoice("in_1", "paid", 8000))).status, 200);
  billing = Billing();
  EXPECT_EQ(billing.at("status"), "active");
  EXPECT_TRUE(billing.at("pastDueSince").is_null());
  const auto& invoice = billing.at("invoices").at(0);
  EXPECT_EQ(invoice.at("status"), "paid");
  EXPECT_EQ(invoice.at("amountPaid"), 8000);
  EXPECT_EQ(invoice.at("hostedInvoiceUrl"), "https://invoice.stripe.com/i/in_1");

  // More screens and another plan, changed in the portal.
  ASSERT_EQ(
      Deliver(Event("customer.subscription.updated", Subscription("active", 40, "pro"))).status,
      200);
  billing = Billing();
  EXPECT_EQ(billing.at("plan").at("id"), "pro");
  EXPECT_EQ(billing.at("limits").at("screens"), 40);

  // Canceled: the free plan, with nothing lost.
  ASSERT_EQ(
      Deliver(Event("customer.subscription.deleted", Subscription("canceled", 40, "pro"))).status,
      200);
  billing = Billing();
  EXPECT_EQ(billing.at("status"), "canceled");
  EXPECT_EQ(billing.at("plan").at("id"), "free");
  EXPECT_EQ(billing.at("limits").at("screens"), 5);
  EXPECT_EQ(billing.at("subscribed"), false);
  EXPECT_EQ(billing.at("invoices").as_array().size(), 1u);

  // Types we do not handle, and events about no organization of ours, are acknowledged.
  EXPECT_EQ(Deliver(Event("customer.created", {{"id", "cus_9"}})).status, 200);
  auto stranger = Subscription("active", 99, "enterprise");
  stranger["customer"] = "cus_someone_else";
  stranger["metadata"] = json::object{{"organizationId", "no-such-organization"}};
  EXPECT_EQ(Deliver(Event("customer.subscription.updated", stranger)).status, 200);
  EXPECT_EQ(Billing().at("plan").at("id"), "free");
}

TEST_P(StripeBillingTest, SignaturesAreCheckedTheWayStripeSigns) {
  const std::string payload =
      json::serialize(Event("checkout.session.completed", Completed("pro", 50)));
  const std::string good = SignLikeStripe(payload, {kWebhookSecret}, NowSeconds());

  // A body changed after signing, a stale or future timestamp, a foreign secret, no header.
  std::string tampered = payload;
  tampered.replace(tampered.find("\"pro\""), 5, "\"enterprise\"");
  auto refused = SendWebhook(tampered, good);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(ErrorCode(refused), "BILLING_005");
  EXPECT_EQ(refused.Json().at("error").at("details").at("reason"), "mismatch");
  refused = SendWebhook(payload, SignLikeStripe(payload, {kWebhookSecret}, NowSeconds() - 360));
  EXPECT_EQ(refused.Json().at("error").at("details").at("reason"), "stale");
  refused = SendWebhook(payload, SignLikeStripe(payload, {kWebhookSecret}, NowSeconds() + 360));
  EXPECT_EQ(refused.Json().at("error").at("details").at("reason"), "stale");
  refused = SendWebhook(payload, SignLikeStripe(payload, {"whsec_someone_else"}, NowSeconds()));
  EXPECT_EQ(refused.Json().at("error").at("details").at("reason"), "mismatch");
  refused = SendWebhook(payload, "");
  EXPECT_EQ(refused.Json().at("error").at("details").at("reason"), "malformed");
  EXPECT_EQ(Billing().at("status"), "trial") << "nothing refused took effect";

  // While secrets roll: Stripe signs with both, or we already hold the next one.
  const auto both = SendWebhook(
      payload, SignLikeStripe(payload, {"whsec_someone_else", kWebhookSecret}, NowSeconds()));
  EXPECT_EQ(both.status, 200) << both.body;
  const std::string other =
      json::serialize(Event("customer.subscription.updated", Subscription("active", 60, "pro")));
  EXPECT_EQ(SendWebhook(other, SignLikeStripe(other, {kRolledSecret}, NowSeconds())).status, 200);
  EXPECT_EQ(Billing().at("limits").at("screens"), 60);
  // Not JSON, though signed.
  EXPECT_EQ(
      SendWebhook("nonsense", SignLikeStripe("nonsense", {kWebhookSecret}, NowSeconds())).status,
      400);
}

TEST_P(StripeBillingTest, EventsOutOfOrderResolveByTheSubscriptionsOwnTimestamps) {
  const std::int64_t t = NowSeconds();
  ASSERT_EQ(Deliver(Event("checkout.session.completed", Completed("basic", 10), t - 100)).status,
            200);
  // The newer update arrives first; the older one, late, does not undo it.
  ASSERT_EQ(
      Deliver(Event("customer.subscription.updated", Subscription("active", 20), t - 10)).status,
      200);
  ASSERT_EQ(
      Deliver(Event("customer.subscription.updated", Subscription("past_due", 12), t - 50)).status,
      200);
  auto billing = Billing();
  EXPECT_EQ(billing.at("status"), "active");
  EXPECT_EQ(billing.at("limits").at("screens"), 20);
  // A failed payment from before the latest state changes nothing either.
  ASSERT_EQ(Deliver(Event("invoice.payment_failed", Invoice("in_2", "open", 100), t - 60)).status,
            200);
  EXPECT_EQ(Billing().at("status"), "active");
  // Deleted is final: an update of the same second, or older, does not revive it.
  ASSERT_EQ(Deliver(Event("customer.subscription.deleted", Subscription("canceled", 20), t)).status,
            200);
  ASSERT_EQ(Deliver(Event("customer.subscription.updated", Subscription("active", 30), t)).status,
            200);
  billing = Billing();
  EXPECT_EQ(billing.at("status"), "canceled");
  EXPECT_EQ(billing.at("limits").at("screens"), 5);
  // A deletion that arrives before its subscription's creation is still final.
  auto second = Subscription("canceled", 7);
  second["id"] = "sub_2";
  ASSERT_EQ(Deliver(Event("customer.subscription.deleted", second, t + 20)).status, 200);
  second["status"] = "active";
  ASSERT_EQ(Deliver(Event("customer.subscription.created", second, t + 10)).status, 200);
  EXPECT_EQ(Billing().at("status"), "canceled");
}

TEST_P(StripeBillingTest, CheckoutAndPortalGoThroughStripesApiAsDocumented) {
  // What cannot be bought, and who may not buy.
  auto refused = client_->Call(admin_.token, "POST", "/api/v1/billing/checkout",
                               R"({"plan":"free","screens":3})");
  EXPECT_EQ(refused.status, 400);
  refused = client_->Call(admin_.token, "POST", "/api/v1/billing/checkout",
                          R"({"plan":"basic","screens":0})");
  EXPECT_EQ(refused.status, 400);
  refused = client_->Call(admin_.token, "POST", "/api/v1/billing/checkout",
                          R"({"plan":"basic","screens":30})");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.Json().at("error").at("details").at("upgradeTo"), "pro");
  const auto viewer =
      client_->Call(admin_.token, "POST", "/api/v1/users",
                    R"({"email":"grace@example.com","password":"password-123","role":"manager"})");
  ASSERT_EQ(viewer.status, 201);
  const auto grace = AccountFrom(client_->PostJson(
      "/api/v1/auth/login", R"({"email":"grace@example.com","password":"password-123"})"));
  EXPECT_EQ(
      client_
          ->Call(grace.token, "POST", "/api/v1/billing/checkout", R"({"plan":"basic","screens":3})")
          .status,
      403);
  EXPECT_EQ(client_->Call(admin_.token, "POST", "/api/v1/billing/portal").status, 409)
      << "no customer yet";

  const auto checkout = client_->Call(admin_.token, "POST", "/api/v1/billing/checkout",
                                      R"({"plan":"basic","screens":10})");
  ASSERT_EQ(checkout.status, 200) << checkout.body;
  const std::string url(checkout.Json().at("url").as_string());
  ASSERT_TRUE(url.starts_with(stripe_->base() + "/pay/cs_test_")) << url;
  // Asking again (the admin came back) makes a new session for the same customer.
  ASSERT_EQ(client_
                ->Call(admin_.token, "POST", "/api/v1/billing/checkout",
                       R"({"plan":"basic","screens":10})")
                .status,
            200);

  const auto customers = StripeCalls("/v1/customers");
  ASSERT_EQ(customers.size(), 1u) << "one customer per organization";
  const auto& customer = customers[0].at("params");
  EXPECT_EQ(customer.at("name"), "Acme");
  EXPECT_EQ(customer.at("email"), "ada@example.com");
  EXPECT_EQ(customer.at("metadata[organizationId]").as_string(), admin_.organization_id);
  EXPECT_EQ(customers[0].at("idempotencyKey").as_string(),
            "vizora-customer-" + admin_.organization_id);
  const auto sessions = StripeCalls("/v1/checkout/sessions");
  ASSERT_EQ(sessions.size(), 2u);
  const auto& p = sessions[0].at("params").as_object();
  EXPECT_EQ(p.at("mode"), "subscription");
  EXPECT_TRUE(p.at("customer").as_string().starts_with("cus_test_"));
  EXPECT_EQ(p.at("client_reference_id").as_string(), admin_.organization_id);
  EXPECT_EQ(p.at("metadata[organizationId]").as_string(), admin_.organization_id);
  EXPECT_EQ(p.at("subscription_data[metadata][organizationId]").as_string(),
            admin_.organization_id);
  EXPECT_EQ(p.at("subscription_data[metadata][plan]"), "basic");
  EXPECT_EQ(p.at("line_items[0][quantity]"), "10");
  EXPECT_EQ(p.at("line_items[0][price_data][unit_amount]"), "800");
  EXPECT_EQ(p.at("line_items[0][price_data][recurring][interval]"), "month");
  EXPECT_TRUE(p.at("success_url").as_string().starts_with("https://signs.example.com/billing"));

  // Paying on the (stand-in) hosted page delivers Stripe's webhooks, signed.
  HttpClient page(stripe_port_);
  const auto paid = page.Send({"POST", url.substr(stripe_->base().size()), "", {}});
  ASSERT_EQ(paid.status, 303);
  EXPECT_TRUE(
      paid.Header("location").starts_with("https://signs.example.com/billing?checkout=done"));
  for (const auto& call : StripeCalls("checkout.session.completed"))
    EXPECT_EQ(call.at("status"), 200);
  auto billing = Billing();
  EXPECT_EQ(billing.at("plan").at("id"), "basic");
  EXPECT_EQ(billing.at("status"), "active");
  EXPECT_EQ(billing.at("limits").at("screens"), 10);
  EXPECT_EQ(billing.at("invoices").as_array().size(), 1u);
  const auto again = client_->Call(admin_.token, "POST", "/api/v1/billing/checkout",
                                   R"({"plan":"pro","screens":10})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "BILLING_002");

  // The portal: canceling there ends the subscription here.
  const auto portal = client_->Call(admin_.token, "POST", "/api/v1/billing/portal");
  ASSERT_EQ(portal.status, 200) << portal.body;
  const std::string portal_url(portal.Json().at("url").as_string());
  const auto portal_call = StripeCalls("/v1/billing_portal/sessions").at(0).at("params");
  EXPECT_EQ(portal_call.at("return_url"), "https://signs.example.com/billing");
  EXPECT_EQ(page.Send({"POST", portal_url.substr(stripe_->base().size()), "", {}}).status, 303);
  billing = Billing();
  EXPECT_EQ(billing.at("status"), "canceled");
  EXPECT_EQ(billing.at("plan").at("id"), "free");

  // Stripe unreachable: a clear 502, nothing half-done.
  stripe_.reset();
  const auto down = client_->Call(admin_.token, "POST", "/api/v1/billing/checkout",
                                  R"({"plan":"basic","screens":5})");
  EXPECT_EQ(down.status, 502);
  EXPECT_EQ(ErrorCode(down), "BILLING_003");
}

INSTANTIATE_TEST_SUITE_P(Backends, StripeBillingTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
