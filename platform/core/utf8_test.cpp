#include "platform/core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace platform {
namespace {

TEST(Utf8, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountUtf8Chars(""), 0u);
  EXPECT_EQ(CountUtf8Chars("abc"), 3u);
  EXPECT_EQ(CountUtf8Chars("caf\xc3\xa9"), 4u);        // é
  EXPECT_EQ(CountUtf8Chars("\xe2\x82\xac"), 1u);       // €
  EXPECT_EQ(CountUtf8Chars("\xf0\x9f\x8e\xac!"), 2u);  // 🎬!
  EXPECT_EQ(CountUtf8Chars(std::string(5000, 'x')), 5000u);
}

TEST(Utf8, RefusesWhatIsNotUtf8) {
  for (const std::string& bad : {std::string("\xc3"), std::string("\xc3("), std::string("\xe2\x82"),
                                 std::string("\xc0\xaf"),          // overlong '/'
                                 std::string("\xed\xa0\x80"),      // a surrogate
                                 std::string("\xf4\x90\x80\x80"),  // past U+10FFFF
                                 std::string("\xff"), std::string("a\x80")}) {
    EXPECT_FALSE(CountUtf8Chars(bad)) << bad;
  }
}

}  // namespace
}  // namespace platform
