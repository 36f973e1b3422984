#include "platform/net/user_agent.hpp"

#include <gtest/gtest.h>

namespace platform::net {
namespace {

TEST(UserAgentTest, ReadsTheChromiumMajorOfTvsSticksAndDesktops) {
  // Samsung Tizen 4.0 (2018 TVs), LG webOS 4 and an Android 7 stick's WebView.
  EXPECT_EQ(ChromiumMajorVersion("Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 "
                                 "(KHTML, like Gecko) SamsungBrowser/2.1 Chrome/56.0.2924.0 TV "
                                 "Safari/537.36"),
            56);
  EXPECT_EQ(ChromiumMajorVersion("Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, "
                                 "like Gecko) Chrome/53.0.2785.34 Safari/537.36 WebAppManager"),
            53);
  EXPECT_EQ(ChromiumMajorVersion("Mozilla/5.0 (Linux; Android 7.1.2; AFTMM Build/NS6265; wv) "
                                 "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 "
                                 "Chrome/47.0.2526.100 Mobile Safari/537.36"),
            47);
  EXPECT_EQ(ChromiumMajorVersion("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like "
                                 "Gecko) Chrome/156.0.0.0 Safari/537.36"),
            156);
  EXPECT_EQ(ChromiumMajorVersion("Mozilla/5.0 (X11; Linux x86_64) Chromium/120.0 Safari/537.36"),
            120);
}

TEST(UserAgentTest, OtherEnginesAndGarbageNameNoVersion) {
  EXPECT_EQ(ChromiumMajorVersion(""), std::nullopt);
  EXPECT_EQ(ChromiumMajorVersion("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 "
                                 "Firefox/128.0"),
            std::nullopt);
  EXPECT_EQ(ChromiumMajorVersion("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like "
                                 "Gecko) Version/17.0 Safari/605.1.15"),
            std::nullopt);
  EXPECT_EQ(ChromiumMajorVersion("Chrome/"), std::nullopt);
  EXPECT_EQ(ChromiumMajorVersion("Chrome/x.1"), std::nullopt);
  EXPECT_EQ(ChromiumMajorVersion("Chrome/0.1"), std::nullopt);
  EXPECT_EQ(ChromiumMajorVersion("Chrome/99999999999999999999"), std::nullopt);
}

}  // namespace
}  // namespace platform::net
