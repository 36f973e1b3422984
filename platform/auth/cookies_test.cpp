#include "platform/auth/cookies.hpp"

#include <gtest/gtest.h>

namespace platform::auth {
namespace {

TEST(Cookies, BuildsSetCookie) {
  EXPECT_EQ(SetCookie("app_access", "abc", {.secure = true, .max_age_seconds = 900}),
            "app_access=abc; Path=/; Max-Age=900; HttpOnly; Secure; SameSite=Lax");
  EXPECT_EQ(SetCookie("app_csrf", "x", {.http_only = false}), "app_csrf=x; Path=/; SameSite=Lax");
  EXPECT_EQ(SetCookie("gone", "", {.max_age_seconds = 0}),
            "gone=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

TEST(Cookies, ReadsOneCookie) {
  const std::string_view header = "a=1; app_access=tok.en-_; b=\"quoted\";c=3";
  EXPECT_EQ(CookieValue(header, "app_access"), "tok.en-_");
  EXPECT_EQ(CookieValue(header, "a"), "1");
  EXPECT_EQ(CookieValue(header, "b"), "quoted");
  EXPECT_EQ(CookieValue(header, "c"), "3");
  EXPECT_EQ(CookieValue(header, "app"), std::nullopt);
  EXPECT_EQ(CookieValue("", "a"), std::nullopt);
  EXPECT_EQ(CookieValue(";;;", "a"), std::nullopt);
}

}  // namespace
}  // namespace platform::auth
