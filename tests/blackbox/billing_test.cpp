// Plans and usage from the outside (issue 23, first step): GET /api/v1/billing says which plan
// an organization is on, its trial, the limits that apply and how much of each is used, and
// the plans there are; a refusal at a limit names the plan that lifts it. Every case runs on
// SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/object.hpp>

#include "platform/core/clock.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

class BillingTest : public ServerBackendTest {
 protected:
  json::object Billing(const std::string& token) {
    const auto r = client_->Call(token, "GET", "/api/v1/billing");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().as_object();
  }
};

TEST_P(BillingTest, ANewOrganizationIsOnTheFreePlansTrialWithItsUsage) {
  auto registered = Register("ada@example.com", "Acme");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const Account admin = AccountFrom(registered);
  const auto billing = Billing(admin.token);
  EXPECT_EQ(billing.at("plan").at("id"), "free");
  EXPECT_EQ(billing.at("status"), "trial");
  const auto trial_ends = platform::ParseIso8601(billing.at("trialEndsAt").as_string());
  ASSERT_TRUE(trial_ends);
  EXPECT_NEAR(static_cast<double>(*trial_ends - platform::NowMillis()), 7.0 * 24 * 3600 * 1000,
              60'000.0);
  EXPECT_EQ(billing.at("limits").at("screens"), 5);
  // The trial lends Basic's storage and users; the screens stay the organization's own.
  EXPECT_EQ(billing.at("limits").at("users"), 10);
  EXPECT_EQ(billing.at("limits").at("storageBytes"), 25LL << 30);
  EXPECT_TRUE(billing.at("limitedBecause").is_null());
  const auto& usage = billing.at("usage");
  EXPECT_EQ(usage.at("screens"), 0);
  EXPECT_EQ(usage.at("storageBytes"), 0);
  EXPECT_EQ(usage.at("users"), 1);
  const auto& plans = billing.at("plans").as_array();
  ASSERT_EQ(plans.size(), 4u);
  EXPECT_EQ(plans[3].at("id"), "enterprise");
  EXPECT_GT(plans[3].at("centsPerScreenMonth").as_int64(), 0);

  // An upload counts toward storage, a colleague toward users.
  const std::string csv = "name,price\ncoffee,3\ntea,2\n";
  const auto uploaded = client_->Send(
      {"POST",
       "/api/v1/content",
       Multipart({{"file", csv, "menu.csv", "text/csv"}}),
       {{"Authorization", "Bearer " + admin.token},
        {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  ASSERT_EQ(client_
                ->Call(admin.token, "POST", "/api/v1/users",
                       R"({"email":"grace@example.com","password":"password-123","role":"viewer"})")
                .status,
            201);
  const auto after = Billing(admin.token);
  EXPECT_EQ(after.at("usage").at("storageBytes"), static_cast<std::int64_t>(csv.size()));
  EXPECT_EQ(after.at("usage").at("users"), 2);
}

TEST_P(BillingTest, AnOperatorsPlanAndScreensAreWhatTheOrganizationSees) {
  auto registered = Register("ada@example.com", "Acme Retail");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const Account admin = AccountFrom(registered);
  ASSERT_EQ(RunVizora({"admin", "set-plan", "--database", database_, "--org", "acme-retail",
                       "--tier", "pro", "--screens=150"})
                .first,
            0);
  const auto billing = Billing(admin.token);
  EXPECT_EQ(billing.at("plan").at("id"), "pro");
  EXPECT_EQ(billing.at("status"), "active");
  EXPECT_EQ(billing.at("limits").at("screens"), 150) << "the operator's number, not the plan's";
  EXPECT_EQ(billing.at("limits").at("analyticsRetentionDays"), 90);
  // Without a token, nothing.
  EXPECT_EQ(client_->Get("/api/v1/billing").status, 401);
}

TEST_P(BillingTest, WithoutAStripeKeyBillingIsOffAndSaysSo) {
  auto registered = Register("ada@example.com", "Acme");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const Account admin = AccountFrom(registered);
  const auto billing = Billing(admin.token);
  EXPECT_EQ(billing.at("billingEnabled"), false);
  EXPECT_TRUE(billing.at("invoices").as_array().empty());
  const auto checkout = client_->Call(admin.token, "POST", "/api/v1/billing/checkout",
                                      R"({"plan":"basic","screens":3})");
  EXPECT_EQ(checkout.status, 409);
  EXPECT_EQ(ErrorCode(checkout), "BILLING_001");
  EXPECT_EQ(ErrorCode(client_->Call(admin.token, "POST", "/api/v1/billing/portal")), "BILLING_001");
  EXPECT_EQ(client_->PostJson("/api/v1/billing/stripe/webhook", "{}").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
