#include "platform/auth/cookies.hpp"

#include <gtest/gtest.h>

namespace platform::auth {
namespace {

TEST(Cookies, BuildsSetCookie) {
  EXPECT_EQ(SetCookie("vizora_access", "abc", {.secure = true, .max_age_seconds = 900}),
            "vizora_access=abc; Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax");
  EXPECT_EQ(SetCookie("vizora_csrf", "x", {.http_only = false}),
            "vizora_csrf=x; Path=/; SameSite=Lax");
  EXPECT_EQ(SetCookie("gone", "", {.max_age_seconds = 0}),
            "gone=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

TEST(Cookies, ReadsOneCookie) {
  const std::string_view header = "a=1; vizora_access=tok.en-_; b=\"quoted\";c=3";
  EXPECT_EQ(CookieValue(header, "vizora_access"), "tok.en-_");
  EXPECT_EQ(CookieValue(header, "a"), "1");
  EXPECT_EQ(CookieValue(header, "b"), "quoted");
  EXPECT_EQ(CookieValue(header, "c"), "3");
  EXPECT_EQ(CookieValue(header, "vizora"), std::nullopt);
  EXPECT_EQ(CookieValue("", "a"), std::nullopt);
  EXPECT_EQ(CookieValue(";;;", "a"), std::nullopt);
}

}  // namespace
}  // namespace platform::auth
