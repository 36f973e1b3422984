// Fetch's guard against server-side request forgery, against a real listener on loopback:
// every spelling of a forbidden address is refused before a connection is made, redirects
// are judged again, and the same listener is reachable when the caller allows it.

#include "platform/net/http_fetch.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/canned_listener.hpp"

namespace platform::net {
namespace {

using Listener = testing_support::CannedListener;

std::string Ok() {
  return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
}
std::string RedirectTo(const std::string& location) {
  return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n";
}

// The reason Fetch gave for refusing `url`, or "" when it fetched it.
std::string Refusal(const std::string& url, const FetchOptions& options = {}) {
  try {
    Fetch(url, options);
    return "";
  } catch (const FetchError& e) {
    return e.what();
  }
}

TEST(FetchGuard, EverySpellingOfALocalAddressIsRefusedBeforeAConnection) {
  const Listener local(Ok());
  const std::string p = local.port();
  // Loopback, "this host", link-local and the metadata service, in the notations that have
  // slipped past guards elsewhere: names, decimal, hex, octal and short IPv4, IPv4 inside
  // IPv6, user info, trailing dots, zone ids.
  const std::vector<std::string> forms = {
      "http://127.0.0.1:" + p + "/",
      "http://localhost:" + p + "/",
      "http://localhost.:" + p + "/",
      "http://2130706433:" + p + "/",
      "http://0x7f000001:" + p + "/",
      "http://0x7f.0.0.1:" + p + "/",
      "http://0177.0.0.1:" + p + "/",
      "http://017700000001:" + p + "/",
      "http://127.1:" + p + "/",
      "http://127.000.000.001:" + p + "/",
      "http://0:" + p + "/",
      "http://0.0.0.0:" + p + "/",
      "http://[::1]:" + p + "/",
      "http://[::]:" + p + "/",
      "http://[::ffff:127.0.0.1]:" + p + "/",
      "http://[::ffff:7f00:1]:" + p + "/",
      "http://[0:0:0:0:0:ffff:127.0.0.1]:" + p + "/",
      "http://[::127.0.0.1]:" + p + "/",
      "http://feed@127.0.0.1:" + p + "/",
      "http://example.com@127.0.0.1:" + p + "/",
      "http://127.0.0.1:" + p + "#@example.com/",
      "http://169.254.169.254/latest/meta-data/",
      "http://2852039166/latest/meta-data/",
      "http://[::ffff:a9fe:a9fe]/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://[fe80::1%25lo]:" + p + "/",
      "http://10.0.0.1:" + p + "/",
      "http://192.168.0.1:" + p + "/",
      "https://127.0.0.1:" + p + "/",
      "ftp://127.0.0.1:" + p + "/",
      "file:///etc/passwd",
      "gopher://127.0.0.1:" + p + "/",
  };
  for (const auto& url : forms) {
    const std::string reason = Refusal(url, {.timeout = std::chrono::seconds(2)});
    EXPECT_FALSE(reason.empty()) << url << " was fetched";
  }
  EXPECT_EQ(local.connections(), 0) << "a refused URL reached the listener";
  EXPECT_GE(forms.size(), 20u);
}

TEST(FetchGuard, TheReasonSaysWhatWasRefused) {
  const Listener local(Ok());
  EXPECT_NE(Refusal("http://0x7f000001:" + local.port() + "/").find("127.0.0.1"),
            std::string::npos);
  EXPECT_NE(Refusal("http://localhost:" + local.port() + "/").find("may not reach"),
            std::string::npos);
  EXPECT_NE(Refusal("file:///etc/passwd").find("only http and https"), std::string::npos);
}

TEST(FetchGuard, RedirectsAreJudgedAgain) {
  // Loopback is allowed here (a trusted deployment), so the first hop connects; where each
  // redirect points never is: the metadata service in any notation, and other schemes.
  const FetchOptions trusted{.timeout = std::chrono::seconds(2), .allow_private_addresses = true};
  for (const std::string location :
       {"http://169.254.169.254/latest/meta-data/", "http://2852039166/",
        "http://[::ffff:169.254.169.254]/", "http://0xa9.0xfe.0xa9.0xfe/",
        "http://[fd00:ec2::254]/", "http://224.0.0.1/", "http://0.0.0.0/", "file:///etc/passwd",
        "gopher://127.0.0.1:70/"}) {
    const Listener redirector(RedirectTo(location));
    const std::string reason = Refusal("http://127.0.0.1:" + redirector.port() + "/", trusted);
    EXPECT_FALSE(reason.empty()) << "followed a redirect to " << location;
    EXPECT_EQ(redirector.connections(), 1) << location;
  }
  // A redirect loop ends.
  const Listener loop(RedirectTo("/again"));
  EXPECT_NE(Refusal("http://127.0.0.1:" + loop.port() + "/", trusted).find("too many redirects"),
            std::string::npos);
}

TEST(FetchGuard, TheListenerIsReachableWhenTheCallerAllowsIt) {
  // The refusals above are the guard's, not a listener that never answers.
  const Listener local(Ok());
  const FetchResult r =
      Fetch("http://127.0.0.1:" + local.port() + "/feed", {.allow_private_addresses = true});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello");
  EXPECT_EQ(local.connections(), 1);
  const FetchResult hex =
      Fetch("http://0x7f000001:" + local.port() + "/", {.allow_private_addresses = true});
  EXPECT_EQ(hex.body, "hello") << "the hex spelling is the same address";
}

}  // namespace
}  // namespace platform::net
