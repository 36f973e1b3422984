#include "vizora/billing/stripe_signature.hpp"

#include <gtest/gtest.h>

#include <array>

namespace vizora::billing {
namespace {

constexpr std::string_view kPayload = R"({"id":"evt_1","type":"invoice.paid"})";
constexpr std::int64_t kNow = 1'790'000'000;
const std::array<std::string, 1> kSecret{"whsec_current"};

TEST(StripeSignatureTest, AHeaderSignedAsStripeSignsVerifies) {
  const std::string header = SignStripePayload(kPayload, kSecret[0], kNow - 10);
  EXPECT_EQ(VerifyStripeSignature(header, kPayload, kSecret, kNow), SignatureCheck::kValid);
  // The MAC is HMAC-SHA256 over "t.payload", as hex: the value Node's crypto gives for it.
  EXPECT_EQ(SignStripePayload("{}", "whsec_test", 1'700'000'000),
            "t=1700000000,v1=35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91");
}

TEST(StripeSignatureTest, ATamperedBodyOrAnotherSecretIsAMismatch) {
  const std::string header = SignStripePayload(kPayload, kSecret[0], kNow);
  EXPECT_EQ(VerifyStripeSignature(header, R"({"id":"evt_1","type":"invoice.paiD"})", kSecret, kNow),
            SignatureCheck::kMismatch);
  const std::array<std::string, 1> other{"whsec_other"};
  EXPECT_EQ(VerifyStripeSignature(header, kPayload, other, kNow), SignatureCheck::kMismatch);
  EXPECT_EQ(VerifyStripeSignature(header, kPayload, {}, kNow), SignatureCheck::kMismatch);
  // The timestamp is signed too: moving it breaks the MAC.
  std::string moved = header;
  moved.replace(2, 10, std::to_string(kNow + 1));
  EXPECT_EQ(VerifyStripeSignature(moved, kPayload, kSecret, kNow), SignatureCheck::kMismatch);
}

TEST(StripeSignatureTest, OutsideFiveMinutesEitherWayIsStale) {
  EXPECT_EQ(VerifyStripeSignature(SignStripePayload(kPayload, kSecret[0], kNow - 300), kPayload,
                                  kSecret, kNow),
            SignatureCheck::kValid);
  EXPECT_EQ(VerifyStripeSignature(SignStripePayload(kPayload, kSecret[0], kNow - 301), kPayload,
                                  kSecret, kNow),
            SignatureCheck::kStale);
  EXPECT_EQ(VerifyStripeSignature(SignStripePayload(kPayload, kSecret[0], kNow + 301), kPayload,
                                  kSecret, kNow),
            SignatureCheck::kStale);
  // A stale header with a wrong MAC says only "mismatch": the age is looked at last.
  EXPECT_EQ(VerifyStripeSignature(SignStripePayload(kPayload, "whsec_other", kNow - 9999), kPayload,
                                  kSecret, kNow),
            SignatureCheck::kMismatch);
}

TEST(StripeSignatureTest, AnyV1AgainstAnySecretWhileSecretsRoll) {
  const std::string old_mac = SignStripePayload(kPayload, "whsec_old", kNow).substr(16);
  const std::string new_mac = SignStripePayload(kPayload, "whsec_new", kNow).substr(16);
  const std::string t = "t=" + std::to_string(kNow);
  // Stripe rolling its secret sends both; we hold either.
  const std::string both = t + ",v1=" + old_mac + ",v1=" + new_mac + ",v0=abc";
  const std::array<std::string, 1> only_new{"whsec_new"};
  EXPECT_EQ(VerifyStripeSignature(both, kPayload, only_new, kNow), SignatureCheck::kValid);
  // We rolling ours hold both; Stripe sends either.
  const std::array<std::string, 2> both_secrets{"whsec_old", "whsec_new"};
  EXPECT_EQ(VerifyStripeSignature(t + ",v1=" + old_mac, kPayload, both_secrets, kNow),
            SignatureCheck::kValid);
  EXPECT_EQ(VerifyStripeSignature(t + ",v1=" + new_mac, kPayload, both_secrets, kNow),
            SignatureCheck::kValid);
  // Unknown keys and v0 alone never pass.
  EXPECT_EQ(VerifyStripeSignature(t + ",v0=" + new_mac, kPayload, only_new, kNow),
            SignatureCheck::kMalformed);
}

TEST(StripeSignatureTest, MalformedHeaders) {
  const std::string mac(64, 'a');
  for (const std::string& header : std::initializer_list<std::string>{
           "", "t=", "v1=" + mac, "t=123", "t=abc,v1=" + mac, "t=-5,v1=" + mac, "t=0,v1=" + mac,
           "t=1,t=2,v1=" + mac, "t=1,v1=" + mac.substr(1), "t=1,v1=" + std::string(64, 'A'),
           "t=1,v1=" + mac + ",junk", "t=12345678901234567890,v1=" + mac, "t= 1,v1=" + mac,
           "t=1 ,v1=" + mac}) {
    EXPECT_FALSE(ParseStripeSignature(header)) << header;
  }
  std::string many = "t=1";
  for (std::size_t i = 0; i <= kMaxStripeSignatures; ++i) many += ",v1=" + mac;
  EXPECT_FALSE(ParseStripeSignature(many));
  EXPECT_FALSE(ParseStripeSignature("t=1,v1=" + mac + ",x=" + std::string(4096, 'x')));
  const auto parsed = ParseStripeSignature("t=1,v1=" + mac + ",v0=zz,other=1");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->timestamp, 1);
  EXPECT_EQ(parsed->v1.size(), 1u);
}

}  // namespace
}  // namespace vizora::billing
