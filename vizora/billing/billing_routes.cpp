#include "vizora/billing/billing_routes.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <memory>

#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/billing/plans.hpp"
#include "vizora/billing/stripe_signature.hpp"
#include "vizora/identity/identity_routes.hpp"
#include "vizora/identity/seats.hpp"

namespace vizora::billing {

namespace net = platform::net;
namespace json = boost::json;
namespace log = platform::log;
using boost::asio::awaitable;
using platform::Error;
using platform::store::Connection;

namespace {

// Stripe's events are a few kilobytes; a subscription with many items perhaps 50.
constexpr std::size_t kMaxWebhookBytes = 256 * 1024;
constexpr std::size_t kInvoicesShown = 24;

json::object ToJson(const Plan& plan) {
  return {{"id", plan.id},
          {"name", plan.name},
          {"screens", plan.screens},
          {"storageBytes", plan.storage_bytes},
          {"users", plan.users},
          {"analyticsRetentionDays", plan.analytics_retention_days},
          {"centsPerScreenMonth", plan.cents_per_screen_month}};
}

json::value OptionalTime(const std::optional<std::int64_t>& at) {
  return at ? json::value(platform::FormatIso8601(*at)) : json::value(nullptr);
}

struct OrganizationBilling {
  std::string name, tier, status;
  std::optional<std::int64_t> trial_ends_at, past_due_since, grace_ends_at;
  std::optional<std::string> customer, subscription, billing_email;
  std::int64_t screen_quota = 0, screens = 0, storage_bytes = 0, users = 0;
  json::array invoices;
};

OrganizationBilling Read(Connection& c, const std::string& organization_id) {
  const auto org = c.Query(
      "SELECT subscription_tier, subscription_status, trial_ends_at, screen_quota, "
      "(SELECT COUNT(*) FROM devices WHERE organization_id = $1), "
      "(SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM contents "
      "WHERE organization_id = $1 AND deleted_at IS NULL), "
      "name, past_due_since, stripe_customer_id, stripe_subscription_id, billing_email, "
      "grace_ends_at "
      "FROM organizations WHERE id = $1",
      {organization_id});
  const auto& row = org[0];  // the caller's own organization: always there
  OrganizationBilling s{.name = row.Text(6),
                        .tier = row.Text(0),
                        .status = row.Text(1),
                        .trial_ends_at = row.OptInt(2),
                        .past_due_since = row.OptInt(7),
                        .grace_ends_at = row.OptInt(11),
                        .customer = row.OptText(8),
                        .subscription = row.OptText(9),
                        .billing_email = row.OptText(10),
                        .screen_quota = row.Int(3),
                        .screens = row.Int(4),
                        .storage_bytes = row.Int(5),
                        // Pending invitations hold seats too: what an addition is checked against.
                        .users = identity::SeatsTaken(c, organization_id, platform::NowMillis())};
  const auto invoices = c.Query(
      "SELECT id, number, status, amount_due, amount_paid, currency, hosted_invoice_url, "
      "invoice_pdf, created_at FROM invoices WHERE organization_id = $1 "
      "ORDER BY created_at DESC, id DESC LIMIT " +
          std::to_string(kInvoicesShown),
      {organization_id});
  for (const auto& r : invoices) {
    const auto text = [&r](std::size_t i) {
      return r.IsNull(i) ? json::value(nullptr) : json::value(r.Text(i));
    };
    s.invoices.push_back(json::object{{"id", r.Text(0)},
                                      {"number", text(1)},
                                      {"status", r.Text(2)},
                                      {"amountDue", r.Int(3)},
                                      {"amountPaid", r.Int(4)},
                                      {"currency", r.Text(5)},
                                      {"hostedInvoiceUrl", text(6)},
                                      {"invoicePdf", text(7)},
                                      {"createdAt", platform::FormatIso8601(r.Int(8))}});
  }
  return s;
}

std::string CallerEmail(Connection& c, const std::string& user_id) {
  const auto rows = c.Query("SELECT email FROM users WHERE id = $1", {user_id});
  return rows.empty() ? "" : rows[0].Text(0);
}

Error StripeFailed(const StripeError& e) {
  // The full answer goes to the log; the caller learns that Stripe, not they, failed.
  log::Warn("billing.stripe_failed", {{"status", e.status()}, {"error", e.what()}});
  return Error(errors::kStripeFailed, "the payment provider could not be reached; try again",
               {{"providerStatus", e.status()}});
}

Error BillingOff() {
  return Error(errors::kBillingOff, "billing is not enabled on this server");
}

// What the Checkout body asks for: a paid plan, and 1 to the plan's screens.
struct CheckoutAsk {
  const Plan* plan = nullptr;
  std::int64_t screens = 0;
};
platform::Result<CheckoutAsk> ReadCheckoutAsk(const json::object& body) {
  auto plan_id = net::StringField(body, "plan", {.max_bytes = 32});
  if (!plan_id) return plan_id.error();
  const Plan* plan = FindPlan(**plan_id);
  if (plan == nullptr || plan->cents_per_screen_month == 0) {
    return net::FieldError("plan", "not a paid plan: basic, pro or enterprise");
  }
  auto screens = net::IntField(body, "screens", 1, 1'000'000);
  if (!screens) return screens.error();
  if (!*screens) return net::FieldError("screens", "required");
  if (**screens > plan->screens) {
    json::object details{{"screens", **screens}, {"planScreens", plan->screens}};
    AddUpgradeDetails(details, Limit::kScreens, **screens);
    return net::UnprocessableField("screens", "more screens than the plan allows", details);
  }
  return CheckoutAsk{.plan = plan, .screens = **screens};
}

}  // namespace

void AddBillingRoutes(net::Router& router, platform::store::Database& db, BillingOptions options) {
  const auto o = std::make_shared<const BillingOptions>(std::move(options));
  const auto api = std::make_shared<const StripeApi>(o->stripe);

  router.Add(
      {.method = net::Method::kGet,
       .pattern = "/api/v1/billing",
       .handler = [&db, o](net::Request& r) -> awaitable<net::Response> {
         const std::string organization_id = identity::PrincipalOf(r).organization_id;
         OrganizationBilling s =
             co_await db.Read([&](Connection& c) { return Read(c, organization_id); });
         const Entitlement now = EntitlementOf({.tier = s.tier,
                                                .status = s.status,
                                                .trial_ends_at = s.trial_ends_at,
                                                .grace_ends_at = s.grace_ends_at,
                                                .screen_quota = s.screen_quota},
                                               platform::NowMillis());
         const Plan* found = FindPlan(s.tier);
         const Plan& plan = found != nullptr ? *found : FreePlan();
         json::array plans;
         for (const auto& p : AllPlans()) plans.push_back(ToJson(p));
         co_return net::Response::Json(
             200,
             json::object{
                 {"plan", ToJson(plan)},
                 {"status", s.status},
                 {"trialEndsAt", OptionalTime(s.trial_ends_at)},
                 {"pastDueSince", OptionalTime(s.past_due_since)},
                 {"billingEnabled", o->stripe.Enabled()},
                 {"subscribed", s.subscription.has_value() && s.status != "canceled"},
                 // The screens may be more than the plan's own: an operator or the screens
                 // paid for set the organization's quota.
                 {"limits",
                  {{"screens", now.screens},
                   {"storageBytes", now.plan->storage_bytes},
                   {"users", now.plan->users},
                   {"analyticsRetentionDays", now.plan->analytics_retention_days}}},
                 // Why the limits are the free plan's although the organization had more
                 // ("trial_ended", "past_due", "canceled"), or null.
                 {"limitedBecause", now.reduced_because.empty() ? json::value(nullptr)
                                                                : json::value(now.reduced_because)},
                 {"graceEndsAt", OptionalTime(s.grace_ends_at)},
                 {"usage",
                  {{"screens", s.screens}, {"storageBytes", s.storage_bytes}, {"users", s.users}}},
                 // Screens beyond the limit: they keep playing what they have and are sent
                 // nothing new (the last paired first; the device list marks them "held").
                 {"heldScreens", std::max<std::int64_t>(0, s.screens - now.screens)},
                 {"invoices", std::move(s.invoices)},
                 {"plans", std::move(plans)}});
       },
       .summary = "The organization's plan, limits, usage and invoices, and the plans there are",
       .access = "viewer"});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/billing/checkout",
       .handler = [&db, o, api](net::Request& r) -> awaitable<net::Response> {
         if (!o->stripe.Enabled()) co_return net::Response::FromError(BillingOff());
         auto body = net::ParseJsonObject(r);
         if (!body) co_return net::Response::FromError(body.error());
         auto ask = ReadCheckoutAsk(*body);
         if (!ask) co_return net::Response::FromError(ask.error());
         const identity::Principal who = identity::PrincipalOf(r);
         const auto [standing, email] = co_await db.Read([&](Connection& c) {
           return std::make_pair(Read(c, who.organization_id), CallerEmail(c, who.user_id));
         });
         if (standing.subscription && standing.status != "canceled") {
           co_return net::Response::FromError(
               Error(errors::kAlreadySubscribed,
                     "the organization already has a subscription: change it in the portal"));
         }
         std::string customer = standing.customer.value_or("");
         try {
           if (customer.empty()) {
             // One customer per organization, even when two admins click at once: Stripe
             // answers a repeated idempotency key with the first call's customer.
             const std::string made = co_await o->pool->Call([&] {
               return api->CreateCustomer(who.organization_id, standing.name,
                                          standing.billing_email.value_or(email),
                                          "vizora-customer-" + who.organization_id);
             });
             customer = co_await db.Transact([&](Connection& c) {
               c.Execute(
                   "UPDATE organizations SET stripe_customer_id = COALESCE(stripe_customer_id, "
                   "$2) WHERE id = $1",
                   {who.organization_id, made});
               return c
                   .Query("SELECT stripe_customer_id FROM organizations WHERE id = $1",
                          {who.organization_id})[0]
                   .Text(0);
             });
           }
           const CheckoutRequest request{
               .customer = customer,
               .organization_id = who.organization_id,
               .plan_id = std::string(ask->plan->id),
               .plan_name = std::string(ask->plan->name),
               .cents_per_screen_month = ask->plan->cents_per_screen_month,
               .screens = ask->screens,
               .success_url =
                   o->public_url + "/billing?checkout=done&session={CHECKOUT_SESSION_ID}",
               .cancel_url = o->public_url + "/billing?checkout=canceled"};
           const CreatedSession session =
               co_await o->pool->Call([&] { return api->CreateCheckoutSession(request); });
           co_return net::Response::Json(200,
                                         json::object{{"url", session.url}, {"id", session.id}});
         } catch (const StripeError& e) {
           co_return net::Response::FromError(StripeFailed(e));
         }
       },
       .summary = "Start Stripe Checkout for a plan and a number of screens; answers its URL",
       .max_body_bytes = 1024,
       .access = "admin"});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/billing/portal",
       .handler = [&db, o, api](net::Request& r) -> awaitable<net::Response> {
         if (!o->stripe.Enabled()) co_return net::Response::FromError(BillingOff());
         const std::string organization_id = identity::PrincipalOf(r).organization_id;
         const auto customer = co_await db.Read([&](Connection& c) {
           return c
               .Query("SELECT stripe_customer_id FROM organizations WHERE id = $1",
                      {organization_id})[0]
               .OptText(0);
         });
         if (!customer) {
           co_return net::Response::FromError(
               Error(errors::kNoCustomer, "the organization has not subscribed yet"));
         }
         try {
           const CreatedSession session = co_await o->pool->Call(
               [&] { return api->CreatePortalSession(*customer, o->public_url + "/billing"); });
           co_return net::Response::Json(200, json::object{{"url", session.url}});
         } catch (const StripeError& e) {
           co_return net::Response::FromError(StripeFailed(e));
         }
       },
       .summary = "Open Stripe's Customer Portal (plan, screens, card, cancel); answers its URL",
       .max_body_bytes = 1024,
       .access = "admin"});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/billing/stripe/webhook",
       .handler = [&db, o](net::Request& r) -> awaitable<net::Response> {
         if (!o->stripe.Enabled()) {
           co_return net::Response::FromError(
               Error(platform::errors::kNotFound, "billing is not enabled on this server"));
         }
         const auto check =
             VerifyStripeSignature(r.Header("Stripe-Signature"), r.body, o->stripe.webhook_secrets,
                                   platform::NowMillis() / 1000);
         if (check != SignatureCheck::kValid) {
           const char* why = check == SignatureCheck::kStale       ? "stale"
                             : check == SignatureCheck::kMalformed ? "malformed"
                                                                   : "mismatch";
           log::Warn("billing.webhook_refused", {{"reason", why}});
           co_return net::Response::FromError(Error(errors::kBadSignature,
                                                    "the Stripe-Signature header does not verify",
                                                    {{"reason", why}}));
         }
         boost::system::error_code ec;
         const json::value event = json::parse(r.body, ec);
         if (ec || !event.is_object()) {
           co_return net::Response::FromError(
               Error(platform::errors::kValidation, "the event is not a JSON object"));
         }
         const AppliedEvent applied = co_await db.Transact([&](Connection& c) {
           return ApplyStripeEvent(c, event.as_object(), platform::NowMillis(), o->grace_ms,
                                   o->payment_failed);
         });
         log::Info("billing.webhook",
                   {{"event", event.at("id")},
                    {"type", event.at("type")},
                    {"organization", applied.organization_id ? json::value(*applied.organization_id)
                                                             : json::value(nullptr)},
                    {"duplicate", applied.duplicate},
                    {"changed", applied.changed}});
         if (applied.changed && applied.organization_id && o->standing_changed) {
           o->standing_changed(*applied.organization_id);
         }
         co_return net::Response::Json(
             200, json::object{{"received", true}, {"duplicate", applied.duplicate}});
       },
       .summary = "Stripe's webhook: subscription and invoice events, verified by signature",
       .max_body_bytes = kMaxWebhookBytes});
}

}  // namespace vizora::billing
