#include "viztube/captions/captions.hpp"

#include <gtest/gtest.h>

namespace viztube::captions {
namespace {

TEST(CaptionLanguages, TagsTakeTheirCanonicalCase) {
  EXPECT_EQ(*CheckLanguage("EN"), "en");
  EXPECT_EQ(*CheckLanguage("pt-br"), "pt-BR");
  EXPECT_EQ(*CheckLanguage("ZH-HANT"), "zh-Hant");
  EXPECT_EQ(*CheckLanguage("sr-latn-rs"), "sr-Latn-RS");
  EXPECT_EQ(*CheckLanguage("es-419"), "es-419");
  EXPECT_EQ(*CheckLanguage("fil"), "fil");
}

TEST(CaptionLanguages, AnythingElseIsRefusedNamingTheField) {
  for (const char* bad : {"", "e", "engl", "en-", "-en", "en--us", "12", "en_US", "en-a",
                          "en-abcdefghi", "../x", "en US"}) {
    const auto checked = CheckLanguage(bad);
    ASSERT_FALSE(checked) << bad;
    EXPECT_EQ(checked.error().kind.status, 400) << bad;
    EXPECT_EQ(checked.error().details.at("field").as_string(), "language") << bad;
  }
}

}  // namespace
}  // namespace viztube::captions
