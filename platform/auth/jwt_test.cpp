#include "platform/auth/jwt.hpp"

#include <gtest/gtest.h>

#include "platform/core/ids.hpp"

namespace platform::auth {
namespace {

constexpr std::string_view kKey = "a-test-signing-key-of-some-length";
constexpr std::int64_t kNow = 1'800'000'000;

std::string B64(std::string_view s) {
  return Base64UrlEncode(s);
}

std::string ReasonOf(const Result<boost::json::object>& r) {
  if (!r.has_error()) return "ok";
  if (r.error().kind == errors::kTokenExpired) return "expired";
  return std::string(r.error().details.at("reason").as_string());
}

TEST(Jwt, RoundTripsClaims) {
  const std::string token =
      SignJwt({{"sub", "user-1"}, {"role", "admin"}, {"exp", kNow + 900}}, kKey);
  auto claims = VerifyJwt(token, kKey, kNow);
  ASSERT_TRUE(claims.has_value());
  EXPECT_EQ(claims->at("sub").as_string(), "user-1");
  EXPECT_EQ(claims->at("role").as_string(), "admin");
}

TEST(Jwt, RefusesEveryTamperingByTable) {
  const std::string good = SignJwt({{"sub", "u"}, {"exp", kNow + 900}}, kKey);
  const auto dot1 = good.find('.'), dot2 = good.rfind('.');
  const std::string header = good.substr(0, dot1), payload = good.substr(dot1 + 1, dot2 - dot1 - 1),
                    signature = good.substr(dot2 + 1);
  const std::string admin_payload = B64(R"({"sub":"u","role":"admin","exp":1800000900})");
  struct Case {
    std::string name, token, reason;
  };
  const std::vector<Case> cases = {
      {"wrong key", SignJwt({{"sub", "u"}, {"exp", kNow + 900}}, "another-key"), "signature"},
      {"alg none", B64(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".", "algorithm"},
      {"alg HS512", B64(R"({"alg":"HS512","typ":"JWT"})") + "." + payload + "." + signature,
       "algorithm"},
      {"alg missing", B64(R"({"typ":"JWT"})") + "." + payload + "." + signature, "algorithm"},
      {"payload swapped", header + "." + admin_payload + "." + signature, "signature"},
      {"signature dropped", header + "." + payload + ".", "signature"},
      {"signature truncated", header + "." + payload + "." + signature.substr(0, 20), "signature"},
      {"two parts", header + "." + payload, "not three parts"},
      {"four parts", good + ".x", "not three parts"},
      {"garbage", "not-a-token", "not three parts"},
      {"empty", "", "length"},
      {"bad base64", "!!!." + payload + "." + signature, "header"},
      {"header not json", B64("hello") + "." + payload + "." + signature, "header"},
      {"huge", std::string(9000, 'a'), "length"},
      {"no exp", SignJwt({{"sub", "u"}}, kKey), "no exp"},
      {"expired", SignJwt({{"sub", "u"}, {"exp", kNow - 31}}, kKey), "expired"},
      {"not yet valid", SignJwt({{"sub", "u"}, {"exp", kNow + 900}, {"nbf", kNow + 600}}, kKey),
       "not yet valid"},
  };
  for (const auto& c : cases) {
    const auto result = VerifyJwt(c.token, kKey, kNow);
    EXPECT_TRUE(result.has_error()) << c.name;
    EXPECT_EQ(ReasonOf(result), c.reason) << c.name;
    if (result.has_error()) {
      EXPECT_EQ(result.error().kind.status, 401) << c.name;
    }
  }
}

TEST(Jwt, ToleratesSmallClockSkew) {
  EXPECT_TRUE(VerifyJwt(SignJwt({{"exp", kNow - 10}}, kKey), kKey, kNow).has_value());
  EXPECT_TRUE(
      VerifyJwt(SignJwt({{"exp", kNow + 60}, {"nbf", kNow + 10}}, kKey), kKey, kNow).has_value());
}

}  // namespace
}  // namespace platform::auth
