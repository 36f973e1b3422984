#include "vizora/billing/stripe_events.hpp"

#include <charconv>

#include "platform/core/error.hpp"
#include "vizora/billing/plans.hpp"

namespace vizora::billing {

namespace json = boost::json;
using platform::store::Connection;
using platform::store::Nullable;
using platform::store::Value;

namespace {

constexpr std::int64_t kMillisPerSecond = 1000;

// The string at `key`, or "" (Stripe's objects have nullable and expandable fields: a
// customer may be an id or, expanded, an object with one).
std::string Text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_object()) return Text(v->as_object(), "id");
  return "";
}

std::optional<std::int64_t> Whole(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(v->as_uint64());
  return std::nullopt;
}

const json::object& Object(const json::object& o, std::string_view key) {
  static const json::object kEmpty;
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->as_object() : kEmpty;
}

std::string Metadata(const json::object& o, std::string_view key) {
  return Text(Object(o, "metadata"), key);
}

// A paid plan's id from metadata, or nullopt for anything else.
std::optional<std::string> PaidPlan(const std::string& id) {
  const Plan* plan = FindPlan(id);
  if (plan == nullptr || plan->cents_per_screen_month == 0) return std::nullopt;
  return std::string(plan->id);
}

std::optional<std::int64_t> PositiveNumber(const std::string& text) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n <= 0) return std::nullopt;
  return n;
}

// Stripe's subscription statuses in ours; nullopt for those that change nothing here
// (incomplete: the first payment is still being made; paused).
std::optional<std::string> OurStatus(const std::string& stripe_status) {
  if (stripe_status == "active" || stripe_status == "trialing") return "active";
  if (stripe_status == "past_due" || stripe_status == "unpaid") return "past_due";
  if (stripe_status == "canceled" || stripe_status == "incomplete_expired") return "canceled";
  return std::nullopt;
}

struct Organization {
  std::string id;
  std::optional<std::string> customer;
};

// The organization an event is about: the one its metadata names, if it exists and is not
// another customer's; else the one whose Stripe customer it is.
std::optional<Organization> FindOrganization(Connection& c, const std::string& named,
                                             const std::string& customer) {
  if (!named.empty()) {
    const auto rows =
        c.Query("SELECT id, stripe_customer_id FROM organizations WHERE id = $1", {named});
    if (!rows.empty()) {
      Organization found{.id = rows[0].Text(0), .customer = rows[0].OptText(1)};
      if (!found.customer || customer.empty() || *found.customer == customer) return found;
      return std::nullopt;  // it names us but is about someone else's customer: not ours
    }
  }
  if (customer.empty()) return std::nullopt;
  const auto rows = c.Query(
      "SELECT id, stripe_customer_id FROM organizations WHERE stripe_customer_id = $1", {customer});
  if (rows.empty()) return std::nullopt;
  return Organization{.id = rows[0].Text(0), .customer = rows[0].OptText(1)};
}

// Only an event at least as new as the state it would replace applies.
constexpr std::string_view kNewer = "(billing_state_at IS NULL OR billing_state_at <= $2)";

bool CheckoutCompleted(Connection& c, const std::string& org, const json::object& session,
                       std::int64_t created, std::int64_t now) {
  const std::string customer = Text(session, "customer");
  const std::string subscription = Text(session, "subscription");
  if (Text(session, "mode") != "subscription" || subscription.empty()) return false;
  // The ids are the organization's whatever the order: later events find it by them.
  c.Execute(
      "UPDATE organizations SET stripe_customer_id = COALESCE(stripe_customer_id, $2), "
      "stripe_subscription_id = COALESCE(stripe_subscription_id, $3) WHERE id = $1",
      {org, customer.empty() ? Value() : Value(customer), subscription});
  const auto plan = PaidPlan(Metadata(session, "plan"));
  const auto screens = PositiveNumber(Metadata(session, "screens"));
  if (!plan || !screens) return false;
  return c.Execute(
             "UPDATE organizations SET stripe_subscription_id = $3, subscription_tier = $4, "
             "screen_quota = $5, subscription_status = 'active', past_due_since = NULL, "
             "grace_ends_at = NULL, "
             "billing_state_at = $2, updated_at = $6 WHERE id = $1 AND " +
                 std::string(kNewer),
             {org, created, subscription, *plan, *screens, now}) > 0;
}

bool SubscriptionChanged(Connection& c, const std::string& org, const json::object& subscription,
                         std::int64_t created, std::int64_t now, std::int64_t grace_ms) {
  const std::string id = Text(subscription, "id");
  if (id.empty()) return false;
  const auto status = OurStatus(Text(subscription, "status"));
  if (status == "canceled") {
    return c.Execute(
               "UPDATE organizations SET stripe_subscription_id = $3, "
               "subscription_status = 'canceled', subscription_tier = 'free', screen_quota = $4, "
               "past_due_since = NULL, grace_ends_at = NULL, billing_state_at = $2, updated_at = "
               "$5 "
               "WHERE id = $1 AND (stripe_subscription_id = $3 OR stripe_subscription_id IS NULL) "
               "AND " +
                   std::string(kNewer),
               {org, created, id, FreePlan().screens, now}) > 0;
  }
  const auto plan = PaidPlan(Metadata(subscription, "plan"));
  // The screens paid for; 0 when the event does not say (a plain int: GCC's -O2 flow analysis
  // sees an optional<int64_t> in a variant as maybe uninitialized).
  std::int64_t quantity = 0;
  if (const auto* items = Object(subscription, "items").if_contains("data");
      items != nullptr && items->is_array() && !items->as_array().empty() &&
      items->as_array()[0].is_object()) {
    quantity = Whole(items->as_array()[0].as_object(), "quantity").value_or(0);
  }
  if (quantity <= 0) quantity = Whole(subscription, "quantity").value_or(0);
  // A subscription Stripe has deleted never comes back: news of it from before is stale,
  // however late it arrives (even before the news of its creation).
  if (!c.Query("SELECT 1 FROM stripe_events WHERE object_id = $1 AND "
               "type = 'customer.subscription.deleted'",
               {id})
           .empty()) {
    return false;
  }
  return c.Execute(
             "UPDATE organizations SET stripe_subscription_id = $3, "
             "subscription_tier = COALESCE($4, subscription_tier), "
             "screen_quota = COALESCE($5, screen_quota), "
             "subscription_status = COALESCE($6, subscription_status), "
             "past_due_since = CASE WHEN $6 = 'past_due' THEN COALESCE(past_due_since, $2) "
             "WHEN $6 IS NULL THEN past_due_since ELSE NULL END, "
             "grace_ends_at = CASE WHEN $6 = 'past_due' THEN COALESCE(grace_ends_at, $2 + $8) "
             "WHEN $6 IS NULL THEN grace_ends_at ELSE NULL END, "
             "billing_state_at = $2, updated_at = $7 WHERE id = $1 AND " +
                 std::string(kNewer),
             {org, created, id, Nullable(plan), quantity > 0 ? Value(quantity) : Value(),
              Nullable(status), now, grace_ms}) > 0;
}

void KeepInvoice(Connection& c, const std::string& org, const json::object& invoice,
                 std::int64_t event_created) {
  const std::string id = Text(invoice, "id");
  if (id.empty()) return;
  const auto text_or_null = [&](std::string_view key) {
    const std::string value = Text(invoice, key);
    return value.empty() ? Value() : Value(value);
  };
  c.Execute(
      "INSERT INTO invoices (id, organization_id, number, status, amount_due, amount_paid, "
      "currency, hosted_invoice_url, invoice_pdf, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO UPDATE SET "
      "number = excluded.number, status = excluded.status, amount_due = excluded.amount_due, "
      "amount_paid = excluded.amount_paid, currency = excluded.currency, "
      "hosted_invoice_url = excluded.hosted_invoice_url, invoice_pdf = excluded.invoice_pdf, "
      "updated_at = excluded.updated_at WHERE invoices.updated_at <= excluded.updated_at",
      {id, org, text_or_null("number"), Text(invoice, "status"),
       Whole(invoice, "amount_due").value_or(0), Whole(invoice, "amount_paid").value_or(0),
       Text(invoice, "currency"), text_or_null("hosted_invoice_url"), text_or_null("invoice_pdf"),
       Whole(invoice, "created").value_or(0) * kMillisPerSecond, event_created});
}

}  // namespace

AppliedEvent ApplyStripeEvent(Connection& c, const json::object& event, std::int64_t now,
                              std::int64_t grace_ms, const PaymentFailedHook& payment_failed) {
  const std::string id = Text(event, "id");
  const std::string type = Text(event, "type");
  const auto created_seconds = Whole(event, "created");
  const json::object& object = Object(Object(event, "data"), "object");
  if (id.empty() || type.empty() || !created_seconds || object.empty()) {
    throw platform::ErrorException(platform::Error(
        platform::errors::kValidation, "not a Stripe event: id, type, created and data.object"));
  }
  const std::int64_t created = *created_seconds * kMillisPerSecond;

  std::string named = Metadata(object, "organizationId");
  if (type == "checkout.session.completed" && !Text(object, "client_reference_id").empty()) {
    named = Text(object, "client_reference_id");
  }
  if (named.empty() && type.starts_with("invoice.")) {
    // Where the subscription's metadata shows on an invoice, by API version.
    named = Metadata(Object(object, "subscription_details"), "organizationId");
    if (named.empty()) {
      named = Metadata(Object(Object(object, "parent"), "subscription_details"), "organizationId");
    }
  }
  const auto organization = FindOrganization(c, named, Text(object, "customer"));

  AppliedEvent applied;
  if (organization) applied.organization_id = organization->id;
  const auto stored = c.Query(
      "INSERT INTO stripe_events (id, type, object_id, created_at, organization_id, received_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id",
      {id, type, Text(object, "id"), created, Nullable(applied.organization_id), now});
  if (stored.empty()) {
    applied.duplicate = true;
    return applied;
  }
  if (!organization) return applied;
  const std::string& org = organization->id;

  if (type == "checkout.session.completed") {
    applied.changed = CheckoutCompleted(c, org, object, created, now);
  } else if (type == "customer.subscription.created" || type == "customer.subscription.updated") {
    applied.changed = SubscriptionChanged(c, org, object, created, now, grace_ms);
  } else if (type == "customer.subscription.deleted") {
    json::object deleted = object;
    deleted["status"] = "canceled";  // what deleted means, whatever the object says
    applied.changed = SubscriptionChanged(c, org, deleted, created, now, grace_ms);
  } else if (type == "invoice.paid") {
    KeepInvoice(c, org, object, created);
    applied.changed =
        c.Execute(
            "UPDATE organizations SET subscription_status = 'active', "
            "past_due_since = NULL, grace_ends_at = NULL, billing_state_at = $2, updated_at = $3 "
            "WHERE id = $1 AND subscription_status = 'past_due' AND " +
                std::string(kNewer),
            {org, created, now}) > 0;
  } else if (type == "invoice.payment_failed") {
    KeepInvoice(c, org, object, created);
    applied.changed =
        c.Execute(
            "UPDATE organizations SET subscription_status = 'past_due', "
            "past_due_since = COALESCE(past_due_since, $2), "
            "grace_ends_at = COALESCE(grace_ends_at, $2 + $4), billing_state_at = $2, "
            "updated_at = $3 WHERE id = $1 AND subscription_status = 'active' AND " +
                std::string(kNewer),
            {org, created, now, grace_ms}) > 0;
    if (applied.changed && payment_failed) payment_failed(c, org, object);
  }
  return applied;
}

}  // namespace vizora::billing
