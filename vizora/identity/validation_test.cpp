#include "vizora/identity/validation.hpp"

#include <gtest/gtest.h>

namespace vizora::identity {
namespace {

TEST(Validation, EmailsAreNormalizedOrRefused) {
  EXPECT_EQ(NormalizeEmail("  Ada@Example.COM ").value(), "ada@example.com");
  for (const char* bad :
       {"", "ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "a da@example.com",
        "ada@example..com", "ada@.com", "ada@example.com.", "ada\n@example.com"}) {
    EXPECT_TRUE(NormalizeEmail(bad).has_error()) << bad;
  }
  EXPECT_TRUE(NormalizeEmail(std::string(250, 'a') + "@x.io").has_error());
}

TEST(Validation, Passwords) {
  EXPECT_TRUE(CheckPassword("1234567").has_error());
  EXPECT_FALSE(CheckPassword("12345678").has_error());
  EXPECT_TRUE(CheckPassword(std::string(257, 'x')).has_error());
}

TEST(Validation, Slugs) {
  EXPECT_FALSE(CheckSlug("acme-retail-2").has_error());
  for (const char* bad : {"ab", "-acme", "acme-", "Acme", "ac me", "acme_retail"}) {
    EXPECT_TRUE(CheckSlug(bad).has_error()) << bad;
  }
  EXPECT_EQ(SlugFromName("Acme Retail, Inc."), "acme-retail-inc");
  EXPECT_EQ(SlugFromName("Café Lumière"), "caf-lumi-re");
  EXPECT_EQ(SlugFromName("X"), "x-org");
  EXPECT_EQ(SlugFromName("!!!"), "org");
  EXPECT_FALSE(CheckSlug(SlugFromName(std::string(200, 'z'))).has_error());
}

}  // namespace
}  // namespace vizora::identity
