// Plans and usage from the outside (issue 23, first step): GET /api/v1/billing says which plan
// an organization is on, its trial, the limits that apply and how much of each is used, and
// the plans there are; a refusal at a limit names the plan that lifts it. Every case runs on
// SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/object.hpp>

#include "platform/core/clock.hpp"
#include "platform/store/database.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/smtp_sink.hpp"
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

// A server without billing whose operator gives every new organization a plan: no trial, the
// plan's limits (or the operator's number of screens) from the start.
TEST_P(BillingTest, ASelfHostedServerGivesNewOrganizationsItsPlan) {
  Restart({"--self-hosted-plan", "pro", "--self-hosted-screens", "12"});
  auto registered = Register("ada@example.com", "Acme");
  ASSERT_EQ(registered.status, 201) << registered.body;
  EXPECT_EQ(registered.Json().at("organization").at("subscriptionStatus"), "active");
  EXPECT_TRUE(registered.Json().at("organization").at("trialEndsAt").is_null());
  const auto billing = Billing(AccountFrom(registered).token);
  EXPECT_EQ(billing.at("plan").at("id"), "pro");
  EXPECT_EQ(billing.at("status"), "active");
  EXPECT_EQ(billing.at("billingEnabled"), false);
  EXPECT_EQ(billing.at("limits").at("screens"), 12);
  EXPECT_EQ(billing.at("limits").at("users"), 50);
  EXPECT_TRUE(billing.at("limitedBecause").is_null());
}

TEST_P(BillingTest, LimitsBiteWhereTheyApplyAndNameThePlanThatLiftsThem) {
  auto registered = Register("ada@example.com", "Acme");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const Account admin = AccountFrom(registered);
  // The trial is over (the row is aged instead of waiting a week): the free plan's limits.
  auto db = platform::store::Database::Open(database_, {.pool_size = 1});
  const auto sql = [&](const std::string& statement) {
    db->TransactBlocking(
        [&](platform::store::Connection& c) { c.Execute(statement, {admin.organization_id}); });
  };
  sql("UPDATE organizations SET trial_ends_at = 1 WHERE id = $1");
  auto billing = Billing(admin.token);
  EXPECT_EQ(billing.at("limitedBecause"), "trial_ended");
  EXPECT_EQ(billing.at("limits").at("users"), 3);
  EXPECT_EQ(billing.at("limits").at("storageBytes"), 1LL << 30);

  // People: three on the free plan; the fourth, new or reactivated, is refused.
  const auto add = [&](const std::string& email) {
    return client_->Call(
        admin.token, "POST", "/api/v1/users",
        R"({"email":")" + email + R"(","password":"password-123","role":"viewer"})");
  };
  ASSERT_EQ(add("b@example.com").status, 201);
  const auto c = add("c@example.com");
  ASSERT_EQ(c.status, 201);
  const auto refused = add("d@example.com");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(ErrorCode(refused), "BILLING_006");
  const auto refusal = refused.Json();
  const auto& details = refusal.at("error").at("details");
  EXPECT_EQ(details.at("limit"), "users");
  EXPECT_EQ(details.at("used"), 3);
  EXPECT_EQ(details.at("allowed"), 3);
  EXPECT_EQ(details.at("upgradeTo"), "basic");
  const std::string c_id(c.Json().at("user").at("id").as_string());
  ASSERT_EQ(
      client_->Call(admin.token, "PATCH", "/api/v1/users/" + c_id, R"({"isActive":false})").status,
      200);
  ASSERT_EQ(add("d@example.com").status, 201) << "a deactivated person frees the seat";
  EXPECT_EQ(ErrorCode(client_->Call(admin.token, "PATCH", "/api/v1/users/" + c_id,
                                    R"({"isActive":true})")),
            "BILLING_006");

  // Storage: an upload past the plan's bytes is refused and leaves nothing behind.
  const auto upload = [&](const std::string& csv, const std::string& name) {
    return client_->Send(
        {"POST",
         "/api/v1/content",
         Multipart({{"file", csv, name, "text/csv"}}),
         {{"Authorization", "Bearer " + admin.token},
          {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
  };
  ASSERT_EQ(upload("a,b\n1,2\n", "small.csv").status, 201);
  // What the library holds, as if it were nearly a gigabyte.
  sql("UPDATE contents SET size = 1073741800 WHERE organization_id = $1");
  const std::string menu = "name,price\ncoffee,3\ntea,2\nmuffin,4\n";
  const auto full = upload(menu, "menu.csv");
  EXPECT_EQ(full.status, 403) << full.body;
  EXPECT_EQ(ErrorCode(full), "BILLING_006");
  EXPECT_EQ(full.Json().at("error").at("details").at("limit"), "storageBytes");
  EXPECT_EQ(full.Json().at("error").at("details").at("upgradeTo"), "basic");
  EXPECT_EQ(Billing(admin.token).at("usage").at("storageBytes"), 1073741800);
  EXPECT_EQ(upload("x\n1\n", "tiny.csv").status, 201) << "what still fits is taken";

  // A paying organization whose grace period is over is limited the same way, and says why.
  sql("UPDATE organizations SET subscription_tier = 'pro', subscription_status = 'past_due', "
      "screen_quota = 40, past_due_since = 1, grace_ends_at = 2 WHERE id = $1");
  billing = Billing(admin.token);
  EXPECT_EQ(billing.at("limitedBecause"), "past_due");
  EXPECT_EQ(billing.at("limits").at("screens"), 5);
  EXPECT_EQ(billing.at("plan").at("id"), "pro");
  sql("UPDATE organizations SET grace_ends_at = 9999999999999 WHERE id = $1");
  billing = Billing(admin.token);
  EXPECT_TRUE(billing.at("limitedBecause").is_null());
  EXPECT_EQ(billing.at("limits").at("screens"), 40) << "within the grace period the plan holds";
  EXPECT_EQ(add("e@example.com").status, 201);
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

class TrialReminderTest : public ServerBackendTest {
 protected:
  std::vector<std::string> ExtraServerArgs() const override {
    return {"--smtp",       "smtp://127.0.0.1:" + std::to_string(smtp_port_),
            "--public-url", "https://signs.example.com",
            "--mail-from",  "Vizora <hello@signs.example.com>"};
  }
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    sink_ = std::make_unique<SmtpSink>(dir_.path() / "smtp", smtp_port_);
  }
  // Runs the hourly reminder job now (its queued run is made due instead of waiting).
  void RunRemindersNow(platform::store::Database& db, const std::string& organization_id,
                       std::int64_t trial_ends_at) {
    db.TransactBlocking([&](platform::store::Connection& c) {
      c.Execute("UPDATE organizations SET trial_ends_at = $2 WHERE id = $1",
                {organization_id, trial_ends_at});
      c.Execute(
          "UPDATE jobs SET run_at = 0 WHERE queue = 'billing.trial_reminders' AND state = "
          "'queued'");
    });
  }
  const unsigned short smtp_port_ = UnusedPort();
  std::unique_ptr<SmtpSink> sink_;
};

TEST_P(TrialReminderTest, ThreeDaysAndOneDayBeforeTheTrialEndsEachOnce) {
  auto registered = Register("ada@example.com", "Acme");
  ASSERT_EQ(registered.status, 201) << registered.body;
  const Account admin = AccountFrom(registered);
  auto db = platform::store::Database::Open(database_, {.pool_size = 1});
  constexpr std::int64_t kHour = 3600 * 1000;
  const auto jobs_ran = [&] {
    return db->ReadBlocking([](platform::store::Connection& c) {
      return c.Query(
                  "SELECT COUNT(*) FROM jobs WHERE queue = 'billing.trial_reminders' AND "
                  "state = 'queued' AND run_at > 0")[0]
                 .Int(0) > 0;
    });
  };
  // Seven days left: nothing is due.
  ASSERT_TRUE(Eventually(jobs_ran));
  RunRemindersNow(*db, admin.organization_id, platform::NowMillis() + 7 * 24 * kHour);
  ASSERT_TRUE(Eventually(jobs_ran));
  // Two and a half days left: the first reminder.
  RunRemindersNow(*db, admin.organization_id, platform::NowMillis() + 60 * kHour);
  ASSERT_TRUE(Eventually([&] { return sink_->Messages(kVerificationSubject).size() == 1; }));
  const auto first = sink_->Messages(kVerificationSubject)[0];
  EXPECT_NE(first.raw.find("X-Envelope-To: ada@example.com"), std::string::npos);
  EXPECT_NE(first.shown.find("Subject: Your Vizora trial for Acme ends in 3 days"),
            std::string::npos)
      << first.shown;
  EXPECT_NE(first.shown.find("https://signs.example.com/billing"), std::string::npos);
  // Again the same day: nothing more.
  ASSERT_TRUE(Eventually(jobs_ran));
  RunRemindersNow(*db, admin.organization_id, platform::NowMillis() + 59 * kHour);
  ASSERT_TRUE(Eventually(jobs_ran));
  // Twenty hours left: the last reminder, once.
  RunRemindersNow(*db, admin.organization_id, platform::NowMillis() + 20 * kHour);
  ASSERT_TRUE(Eventually([&] { return sink_->Messages(kVerificationSubject).size() == 2; }));
  EXPECT_NE(sink_->Messages(kVerificationSubject)[1].shown.find("ends tomorrow"),
            std::string::npos);
  ASSERT_TRUE(Eventually(jobs_ran));
  RunRemindersNow(*db, admin.organization_id, platform::NowMillis() + 19 * kHour);
  ASSERT_TRUE(Eventually(jobs_ran));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(sink_->Messages(kVerificationSubject).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, TrialReminderTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
