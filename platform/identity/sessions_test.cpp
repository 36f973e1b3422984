#include "platform/identity/sessions.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "platform/app/database.hpp"
#include "platform/auth/jwt.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/identity/accounts.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/identity/password_resets.hpp"
#include "tests/support/async.hpp"
#include "tests/support/support.hpp"

namespace platform::identity {
namespace {

using store::Connection;
using Outcome = Rotation::Outcome;

class IdentityTest : public testing_support::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = store::Database::Open(database_, {.pool_size = 2});
    app::ApplyMigrations(*db_, {});
    accounts_.emplace(*db_, pool_);
  }
  template <class F>
  auto Tx(F fn) {
    return db_->TransactBlocking(fn);
  }
  template <class T>
  T Run(boost::asio::awaitable<T> task) {
    return testing_support::RunToCompletion(io_, std::move(task));
  }
  std::string AddAccount(std::optional<std::string> email, std::optional<std::string> username,
                         const std::string& password = "correct horse") {
    const std::string id = NewId();
    const std::string hash = Run(accounts_->HashPassword(password));
    EXPECT_EQ(Tx([&](Connection& c) {
                return Accounts::Insert(c,
                                        {.id = id,
                                         .email = std::move(email),
                                         .username = std::move(username),
                                         .password_hash = hash},
                                        NowMillis());
              }),
              Taken::kNothing);
    return id;
  }

  boost::asio::io_context io_;
  std::unique_ptr<store::Database> db_;
  WorkerPool pool_{1};
  std::optional<Accounts> accounts_;
  Sessions sessions_{"a signing key of enough bytes....", {.access_seconds = 60}};
};

TEST_P(IdentityTest, AccountsLogInByEmailOrUsernameWhateverTheCase) {
  const std::string both = AddAccount("ada@example.com", "ada_l");
  const std::string email_only = AddAccount("grace@example.com", std::nullopt);
  EXPECT_EQ(Run(accounts_->Verify(" ADA@example.com ", "correct horse")), both);
  EXPECT_EQ(Run(accounts_->Verify("Ada_L", "correct horse")), both);
  EXPECT_EQ(Run(accounts_->Verify("grace@example.com", "correct horse")), email_only);
  EXPECT_FALSE(Run(accounts_->Verify("ada_l", "wrong horse")));
  EXPECT_FALSE(Run(accounts_->Verify("nobody", "correct horse")));
  EXPECT_FALSE(Run(accounts_->Verify("", "correct horse")));
  EXPECT_FALSE(Run(accounts_->Verify("ada_l", std::string(300, 'x'))));
  EXPECT_TRUE(Run(accounts_->VerifyById(both, "correct horse")));
  EXPECT_FALSE(Run(accounts_->VerifyById(both, "other")));
}

TEST_P(IdentityTest, EmailsAndUsernamesAreUniqueAndNothingIsWrittenWhenTaken) {
  AddAccount("ada@example.com", "ada_l");
  const auto insert = [&](std::optional<std::string> email, std::optional<std::string> username) {
    return Tx([&](Connection& c) {
      return Accounts::Insert(
          c, {.id = NewId(), .email = email, .username = username, .password_hash = "h"},
          NowMillis());
    });
  };
  EXPECT_EQ(insert("ada@example.com", "other"), Taken::kEmail);
  EXPECT_EQ(insert("new@example.com", "ada_l"), Taken::kUsername);
  const auto count =
      Tx([](Connection& c) { return c.Query("SELECT COUNT(*) FROM accounts")[0].Int(0); });
  EXPECT_EQ(count, 1);
  const std::string grace = AddAccount("grace@example.com", std::nullopt);
  EXPECT_EQ(Tx([&](Connection& c) {
              return Accounts::SetEmail(c, grace, "ada@example.com", NowMillis());
            }),
            Taken::kEmail);
  EXPECT_EQ(Tx([&](Connection& c) {
              return Accounts::SetEmail(c, grace, "hopper@example.com", NowMillis());
            }),
            Taken::kNothing);
  EXPECT_TRUE(Run(accounts_->Verify("hopper@example.com", "correct horse")));
}

TEST_P(IdentityTest, RefreshTokensRotateAndReuseRevokesTheFamily) {
  const std::string account = AddAccount("ada@example.com", std::nullopt);
  const std::int64_t now = NowMillis();
  const auto opened = Tx([&](Connection& c) { return sessions_.Open(c, account, now); });
  const auto other = Tx([&](Connection& c) { return sessions_.Open(c, account, now); });
  const auto first =
      Tx([&](Connection& c) { return sessions_.Rotate(c, opened.refresh_token, now + 1); });
  ASSERT_EQ(first.outcome, Outcome::kRotated);
  EXPECT_EQ(first.account_id, account);
  EXPECT_EQ(first.session_id, opened.session_id);
  EXPECT_NE(first.refresh_token, opened.refresh_token);
  // The spent token again: someone holds a copy. The family ends, its newest token too.
  const auto reused =
      Tx([&](Connection& c) { return sessions_.Rotate(c, opened.refresh_token, now + 2); });
  EXPECT_EQ(reused.outcome, Outcome::kReused);
  EXPECT_EQ(reused.session_id, opened.session_id);
  EXPECT_EQ(
      Tx([&](Connection& c) { return sessions_.Rotate(c, first.refresh_token, now + 3); }).outcome,
      Outcome::kRejected);
  EXPECT_FALSE(
      Tx([&](Connection& c) { return sessions_.IsOpen(c, opened.session_id, account, now + 3); }));
  EXPECT_TRUE(Tx([&](Connection& c) {
    return sessions_.IsOpen(c, other.session_id, account, now + 3);
  })) << "another login of the same account is untouched";
  EXPECT_EQ(Tx([&](Connection& c) { return sessions_.Rotate(c, "nonsense", now); }).outcome,
            Outcome::kRejected);
  EXPECT_EQ(
      Tx([&](Connection& c) { return sessions_.Rotate(c, std::string(500, 'a'), now); }).outcome,
      Outcome::kRejected);
}

TEST_P(IdentityTest, RevokingAllButOneAndExpiry) {
  const std::string account = AddAccount("ada@example.com", std::nullopt);
  const std::int64_t now = NowMillis();
  const auto a = Tx([&](Connection& c) { return sessions_.Open(c, account, now); });
  const auto b = Tx([&](Connection& c) { return sessions_.Open(c, account, now); });
  Tx([&](Connection& c) { sessions_.RevokeAll(c, account, now, a.session_id); });
  EXPECT_TRUE(Tx([&](Connection& c) { return sessions_.IsOpen(c, a.session_id, account, now); }));
  EXPECT_FALSE(Tx([&](Connection& c) { return sessions_.IsOpen(c, b.session_id, account, now); }));
  const std::int64_t later = now + sessions_.policy().refresh_seconds * 1000 + 1;
  EXPECT_FALSE(
      Tx([&](Connection& c) { return sessions_.IsOpen(c, a.session_id, account, later); }));
  EXPECT_EQ(Tx([&](Connection& c) { return sessions_.Rotate(c, a.refresh_token, later); }).outcome,
            Outcome::kRejected);
  const auto found = Tx([&](Connection& c) { return sessions_.Find(c, b.refresh_token); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first, b.session_id);
  EXPECT_EQ(found->second, account);
  // Deleting the account takes its sessions with it.
  Tx([&](Connection& c) { Accounts::Delete(c, account); });
  EXPECT_FALSE(Tx([&](Connection& c) { return sessions_.Find(c, b.refresh_token); }));
}

TEST_P(IdentityTest, AccessTokensCarryTheProductsClaimsAndAreCheckedStrictly) {
  const std::string token = sessions_.AccessToken("acc", "sid", {{"role", "admin"}});
  const auto claims = sessions_.Authenticate(token);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->account_id, "acc");
  EXPECT_EQ(claims->session_id, "sid");
  EXPECT_EQ(claims->claims.at("role").as_string(), "admin");
  EXPECT_FALSE(Sessions("another key of enough bytes.......").Authenticate(token));
  const std::string refresh_typed = auth::SignJwt(
      {{"sub", "acc"}, {"sid", "sid"}, {"typ", "refresh"}, {"exp", NowMillis() / 1000 + 60}},
      "a signing key of enough bytes....");
  EXPECT_FALSE(sessions_.Authenticate(refresh_typed));
  EXPECT_FALSE(sessions_.Authenticate("not.a.token"));
}

TEST(Credentials, EmailsPasswordsAndLogins) {
  EXPECT_EQ(*NormalizeEmail("  Ada@Example.COM "), "ada@example.com");
  for (const char* bad :
       {"", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "a da@example.com",
        "ada@example..com", "ada@.com", "ada@example.com.", "ada\n@example.com"}) {
    EXPECT_FALSE(NormalizeEmail(bad)) << bad;
  }
  EXPECT_FALSE(NormalizeEmail(std::string(250, 'a') + "@x.io"));
  const auto refused = NormalizeEmail("nope", "contactEmail");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().details.at("field").as_string(), "contactEmail");
  EXPECT_TRUE(CheckPassword("12345678"));
  EXPECT_FALSE(CheckPassword("1234567"));
  EXPECT_FALSE(CheckPassword(std::string(257, 'x')));
  EXPECT_EQ(NormalizeLogin(" Ada_L "), "ada_l");
}

TEST_P(IdentityTest, APasswordResetIsSpentOnceWithinTheHour) {
  const std::string ada = AddAccount("ada@example.com", std::nullopt);
  const std::int64_t now = NowMillis();
  const auto first = Tx([&](Connection& c) { return PasswordResets::Issue(c, ada, now); });
  const auto second = Tx([&](Connection& c) { return PasswordResets::Issue(c, ada, now + 1); });
  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);
  const auto redeem = [&](const std::string& token, std::int64_t at) {
    return Tx([&](Connection& c) { return PasswordResets::Redeem(c, token, at); });
  };
  EXPECT_EQ(redeem(*first, now + 10), ada);
  EXPECT_FALSE(redeem(*first, now + 11)) << "single use";
  EXPECT_FALSE(redeem(*second, now + 12)) << "redeeming one spends the account's others";
  EXPECT_FALSE(redeem("", now));
  EXPECT_FALSE(redeem(std::string(200, 'a'), now));
  EXPECT_FALSE(redeem("not-a-token", now));
  // An hour later a token is worth nothing.
  const auto late = Tx([&](Connection& c) { return PasswordResets::Issue(c, ada, now + 20); });
  ASSERT_TRUE(late);
  EXPECT_FALSE(redeem(*late, now + 20 + kResetLifetimeMillis));
}

TEST_P(IdentityTest, AtMostThreeResetsAnHourAndNoneOutliveTheirAccount) {
  const std::string ada = AddAccount("ada@example.com", std::nullopt);
  const std::int64_t now = NowMillis();
  std::vector<std::string> tokens;
  for (std::int64_t i = 0; i < kMaxResetsPerHour; ++i) {
    const auto token = Tx([&](Connection& c) { return PasswordResets::Issue(c, ada, now + i); });
    ASSERT_TRUE(token);
    tokens.push_back(*token);
  }
  EXPECT_FALSE(Tx([&](Connection& c) { return PasswordResets::Issue(c, ada, now + 10); }));
  EXPECT_TRUE(Tx([&](Connection& c) {
    return PasswordResets::Issue(c, ada, now + kResetLifetimeMillis);
  })) << "an hour on, one more";
  Tx([&](Connection& c) {
    Accounts::Delete(c, ada);
    return 0;
  });
  EXPECT_FALSE(
      Tx([&](Connection& c) { return PasswordResets::Redeem(c, tokens.back(), now + 100); }));
  EXPECT_EQ(Tx([&](Connection& c) {
              return c.Query("SELECT COUNT(*) FROM password_resets", {})[0].Int(0);
            }),
            0);
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityTest,
                         ::testing::ValuesIn(testing_support::AllBackends()),
                         [](const auto& info) { return testing_support::BackendName(info.param); });

}  // namespace
}  // namespace platform::identity
