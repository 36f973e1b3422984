#include "platform/auth/signed_url.hpp"

#include <gtest/gtest.h>

namespace platform::auth {
namespace {

constexpr std::string_view kKey = "a signing key of enough length";
constexpr std::string_view kPath = "/api/v1/content/01a2/file";

// Splits "PATH?expires=E&sig=S" back into its parts, as the route would read them.
struct Parts {
  std::string path, expires, sig;
};
Parts Split(const std::string& url) {
  const auto q = url.find('?');
  const auto e = url.find("expires=", q);
  const auto amp = url.find('&', e);
  return {url.substr(0, q), url.substr(e + 8, amp - e - 8), url.substr(url.find("sig=") + 4)};
}

TEST(SignedUrl, ValidUntilItsExpiry) {
  const auto p = Split(SignUrl(kPath, 1000, kKey));
  EXPECT_EQ(p.path, kPath);
  EXPECT_EQ(p.expires, "1000");
  EXPECT_TRUE(VerifySignedUrl(p.path, p.expires, p.sig, kKey, 999));
  EXPECT_TRUE(VerifySignedUrl(p.path, p.expires, p.sig, kKey, 1000));
  EXPECT_FALSE(VerifySignedUrl(p.path, p.expires, p.sig, kKey, 1001)) << "expired";
}

TEST(SignedUrl, NothingSignedMayChange) {
  const auto p = Split(SignUrl(kPath, 1000, kKey));
  EXPECT_FALSE(VerifySignedUrl("/api/v1/content/other/file", p.expires, p.sig, kKey, 0));
  EXPECT_FALSE(VerifySignedUrl(p.path, "2000", p.sig, kKey, 0)) << "a longer life";
  EXPECT_FALSE(VerifySignedUrl(p.path, p.expires, p.sig, "another key", 0));
  EXPECT_FALSE(VerifySignedUrl(p.path, p.expires, p.sig.substr(1), kKey, 0));
  EXPECT_FALSE(VerifySignedUrl(p.path, "1000x", p.sig, kKey, 0));
  EXPECT_FALSE(VerifySignedUrl(p.path, "", p.sig, kKey, 0));
  EXPECT_FALSE(VerifySignedUrl(p.path, p.expires, "", kKey, 0));
}

}  // namespace
}  // namespace platform::auth
