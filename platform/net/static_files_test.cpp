#include "platform/net/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "platform/net/test_server.hpp"
#include "tests/support/support.hpp"

namespace platform::net {
namespace {

namespace fs = std::filesystem;
using testing_support::HttpClient;
using testing_support::HttpRequest;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path root = dir_.path() / "dist";
    Write(root / "index.html", "<html>index</html>");
    Write(root / "assets/app.3f2a.js", "console.log('app');");
    Write(root / "assets/app.3f2a.js.gz", "GZIPPED");
    Write(root / "assets/app.3f2a.js.br", "BROTLI");
    Write(root / "data.txt", "0123456789");
    Write(dir_.path() / "secret.txt", "outside the root");
    fs::create_symlink(dir_.path() / "secret.txt", root / "link.txt");
    auto handler = StaticFiles({.root = root, .spa_fallback = true}, server_.pool);
    server_.router.Add({.method = Method::kGet, .pattern = "/", .handler = handler});
    server_.router.Add({.method = Method::kGet, .pattern = "/{*path}", .handler = handler});
    server_.Start();
  }
  testing_support::HttpResponse Get(const std::string& target,
                                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpClient client(server_.port());
    return client.Send({"GET", target, {}, std::move(headers)});
  }
  testing_support::TempDir dir_;
  TestServer server_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  auto index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<html>index</html>");
  EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("cache-control"), "no-cache");
  auto js = Get("/assets/app.3f2a.js");
  EXPECT_EQ(js.body, "console.log('app');");
  EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("cache-control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, EtagRevalidationAnswers304) {
  auto first = Get("/data.txt");
  const std::string etag = first.Header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = Get("/data.txt", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(Get("/data.txt", {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(StaticFilesTest, ByteRanges) {
  auto middle = Get("/data.txt", {{"Range", "bytes=2-5"}});
  EXPECT_EQ(middle.status, 206);
  EXPECT_EQ(middle.body, "2345");
  EXPECT_EQ(middle.Header("content-range"), "bytes 2-5/10");
  EXPECT_EQ(Get("/data.txt", {{"Range", "bytes=7-"}}).body, "789");
  EXPECT_EQ(Get("/data.txt", {{"Range", "bytes=-3"}}).body, "789");
  EXPECT_EQ(Get("/data.txt", {{"Range", "bytes=8-100"}}).body, "89");
  // Past 64 bits is still "to the end", or (as a start) beyond it.
  auto huge_end = Get("/data.txt", {{"Range", "bytes=8-18446744073709551616"}});
  EXPECT_EQ(huge_end.status, 206);
  EXPECT_EQ(huge_end.body, "89");
  EXPECT_EQ(Get("/data.txt", {{"Range", "bytes=99999999999999999999999-"}}).status, 416);
  EXPECT_EQ(Get("/data.txt", {{"Range", "bytes=-99999999999999999999999"}}).body, "0123456789");
  EXPECT_EQ(Get("/data.txt", {{"Range", "bytes=+1-2"}}).status, 200);  // not a number: ignored
  auto beyond = Get("/data.txt", {{"Range", "bytes=50-60"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.Header("content-range"), "bytes */10");
  // Malformed or multiple ranges are ignored: the whole file.
  EXPECT_EQ(Get("/data.txt", {{"Range", "bytes=a-b"}}).status, 200);
  EXPECT_EQ(Get("/data.txt", {{"Range", "bytes=0-1,4-5"}}).body, "0123456789");
}

TEST_F(StaticFilesTest, PrecompressedVariantsWhenAccepted) {
  auto br = Get("/assets/app.3f2a.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.body, "BROTLI");
  EXPECT_EQ(br.Header("content-encoding"), "br");
  EXPECT_EQ(br.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(br.Header("vary"), "Accept-Encoding");
  auto gz = Get("/assets/app.3f2a.js", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.body, "GZIPPED");
  EXPECT_EQ(gz.Header("content-encoding"), "gzip");
  EXPECT_NE(gz.Header("etag"), br.Header("etag"));
  auto refused = Get("/assets/app.3f2a.js", {{"Accept-Encoding", "br;q=0, gzip;q=0"}});
  EXPECT_EQ(refused.body, "console.log('app');");
  EXPECT_TRUE(refused.Header("content-encoding").empty());
}

TEST_F(StaticFilesTest, NoWayOutOfTheRoot) {
  for (const std::string target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/link.txt",
        "/data.txt%00.html", "/a%5c..%5csecret.txt", "//etc/passwd", "/%zz"}) {
    auto r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("outside the root"), std::string::npos) << target;
  }
  const std::string raw = testing_support::RawExchange(
      server_.port(), "GET /../../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(raw.find("outside the root"), std::string::npos);
}

TEST_F(StaticFilesTest, SinglePageAppFallbackOnlyForRoutes) {
  auto route = Get("/widgets/123");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, "<html>index</html>");
  EXPECT_EQ(Get("/missing.js").status, 404);
}

TEST_F(StaticFilesTest, LargeFilesStreamInPiecesWithExactBytes) {
  std::string big(3 * 1024 * 1024 + 123, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7) % 26);
  Write(dir_.path() / "dist" / "big.bin", big);
  auto whole = Get("/big.bin");
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(whole.Header("content-length"), std::to_string(big.size()));
  EXPECT_TRUE(whole.body == big);
  // A range across the 1 MiB pieces the server reads.
  auto slice = Get("/big.bin", {{"Range", "bytes=1048570-2097160"}});
  EXPECT_EQ(slice.status, 206);
  EXPECT_TRUE(slice.body == big.substr(1048570, 2097160 - 1048570 + 1));
  // If-Range with another validator: the whole file.
  const std::string etag = whole.Header("etag");
  EXPECT_EQ(Get("/big.bin", {{"Range", "bytes=0-9"}, {"If-Range", etag}}).status, 206);
  EXPECT_EQ(Get("/big.bin", {{"Range", "bytes=0-9"}, {"If-Range", "\"old\""}}).status, 200);
}

TEST_F(StaticFilesTest, HeadGivesTheSizeOnly) {
  HttpClient client(server_.port());
  auto head = client.Send({"HEAD", "/data.txt", {}, {}});
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), "10");
  EXPECT_TRUE(head.body.empty());
}

TEST(ContentTypeFor, KnowsTheWebTypes) {
  EXPECT_EQ(ContentTypeFor("a/b/c.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("x.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
}

}  // namespace
}  // namespace platform::net
