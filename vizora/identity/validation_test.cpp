#include "vizora/identity/validation.hpp"

#include <gtest/gtest.h>

namespace vizora::identity {
namespace {

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
