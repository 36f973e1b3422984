#include "platform/app/web_apps.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "platform/net/test_server.hpp"
#include "tests/support/support.hpp"

namespace platform::app {
namespace {

namespace fs = std::filesystem;
using testing_support::HttpClient;

const std::string kTizen4 =
    "Mozilla/5.0 (SMART-TV; LINUX; Tizen 4.0) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/2.1 Chrome/56.0.2924.0 TV Safari/537.36";
const std::string kChrome120 =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
    "Safari/537.36";
const std::string kFirefox =
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class WebAppsTest : public ::testing::Test {
 protected:
  void Serve(bool legacy_built) {
    const fs::path dist = dir_.path() / "player";
    Write(dist / "index.html", "modern");
    if (legacy_built) Write(dist / "legacy.html", "legacy");
    AddWebApps(server_.router, server_.pool,
               {{.mount = "/player",
                 .dist = dist,
                 .name = "player",
                 .legacy = {{.index = "legacy.html", .below_chromium = 64}}}});
    server_.Start();
  }
  testing_support::HttpResponse Get(const std::string& target, const std::string& user_agent) {
    HttpClient client(server_.port());
    return client.Send({"GET", target, {}, {{"User-Agent", user_agent}}});
  }
  testing_support::TempDir dir_;
  net::TestServer server_;
};

TEST_F(WebAppsTest, OldChromiumEnginesGetTheLegacyIndex) {
  Serve(true);
  for (const std::string target : {"/player", "/player/", "/player/pair/again"}) {
    SCOPED_TRACE(target);
    const auto old_tv = Get(target, kTizen4);
    EXPECT_EQ(old_tv.status, 200);
    EXPECT_EQ(old_tv.body, "legacy");
    EXPECT_EQ(old_tv.Header("vary"), "Accept-Encoding, User-Agent");
    EXPECT_EQ(Get(target, kChrome120).body, "modern");
    // Not Chromium, or no User-Agent at all: the modern page, whose nomodule scripts decide.
    EXPECT_EQ(Get(target, kFirefox).body, "modern");
    EXPECT_EQ(Get(target, "").body, "modern");
  }
  // Asked for by name, a page is what it is.
  EXPECT_EQ(Get("/player/index.html", kTizen4).body, "modern");
}

TEST_F(WebAppsTest, WithoutALegacyBuildEveryoneGetsTheIndex) {
  Serve(false);
  const auto old_tv = Get("/player/", kTizen4);
  EXPECT_EQ(old_tv.body, "modern");
  EXPECT_EQ(old_tv.Header("vary"), "Accept-Encoding");
}

}  // namespace
}  // namespace platform::app
