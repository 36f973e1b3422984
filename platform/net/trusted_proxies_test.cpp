#include "platform/net/trusted_proxies.hpp"

#include <gtest/gtest.h>

#include "platform/net/detail/body_pace.hpp"

namespace platform::net {
namespace {

using boost::asio::ip::make_address;

TEST(TrustedProxiesTest, NamesAndNetworks) {
  const auto t = TrustedProxies::Parse({"loopback", "10.1.0.0/16", "2001:db8::/32", "192.0.2.7"});
  EXPECT_TRUE(t.Contains(make_address("127.0.0.1")));
  EXPECT_TRUE(t.Contains(make_address("127.9.9.9")));
  EXPECT_TRUE(t.Contains(make_address("::1")));
  EXPECT_TRUE(t.Contains(make_address("10.1.200.3")));
  EXPECT_TRUE(t.Contains(make_address("::ffff:10.1.0.1")));  // IPv4 reached over IPv6
  EXPECT_FALSE(t.Contains(make_address("10.2.0.1")));
  EXPECT_TRUE(t.Contains(make_address("2001:db8:ffff::1")));
  EXPECT_FALSE(t.Contains(make_address("2001:db9::1")));
  EXPECT_TRUE(t.Contains(make_address("192.0.2.7")));
  EXPECT_FALSE(t.Contains(make_address("192.0.2.8")));
  EXPECT_FALSE(t.Contains(make_address("192.168.1.1")));
  EXPECT_TRUE(TrustedProxies::Parse({"private"}).Contains(make_address("192.168.1.1")));
  EXPECT_TRUE(TrustedProxies().empty());
  EXPECT_FALSE(TrustedProxies().Contains(make_address("127.0.0.1")));
}

TEST(TrustedProxiesTest, BadEntriesAreRefusedByName) {
  for (const char* bad :
       {"10.0.0.0/33", "10.0.0.0/", "example.com", "10.0.0.0/8x", "::/129", "lookback", ""}) {
    try {
      TrustedProxies::Parse({bad});
      ADD_FAILURE() << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos);
    }
  }
}

TEST(TrustedProxiesTest, TheClientIsTheFirstUntrustedHopFromTheRight) {
  const auto t = TrustedProxies::Parse({"loopback", "10.0.0.0/8"});
  const auto proxy = make_address("127.0.0.1");
  EXPECT_EQ(t.ClientOf(proxy, "203.0.113.9"), "203.0.113.9");
  // What the client wrote itself (the left part) is not believed past an untrusted hop.
  EXPECT_EQ(t.ClientOf(proxy, "1.2.3.4, 203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(t.ClientOf(proxy, "1.2.3.4,203.0.113.9, 10.0.0.5"), "203.0.113.9");
  EXPECT_EQ(t.ClientOf(proxy, " 2001:db8::7 "), "2001:db8::7");
  EXPECT_EQ(t.ClientOf(proxy, "::ffff:198.51.100.1"), "198.51.100.1");
  // Garbage stops the walk at the last address that could be believed.
  EXPECT_EQ(t.ClientOf(proxy, "203.0.113.9, not-an-ip"), "127.0.0.1");
  EXPECT_EQ(t.ClientOf(proxy, "not-an-ip, 10.0.0.5"), "10.0.0.5");
  // All trusted: the leftmost is as far as anyone can tell.
  EXPECT_EQ(t.ClientOf(proxy, "10.0.0.1, 10.0.0.2"), "10.0.0.1");
  // An untrusted peer's header is ignored.
  EXPECT_EQ(t.ClientOf(make_address("198.51.100.2"), "203.0.113.9"), "198.51.100.2");
  EXPECT_EQ(t.ClientOf(proxy, ""), "127.0.0.1");
}

TEST(BodyPaceTest, ATrickleRunsOutWhileASteadyBodyNeverDoes) {
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  detail::BodyPace trickle(seconds(10), 1000, seconds(60));
  EXPECT_EQ(trickle.NextWait(), seconds(10));
  for (int i = 0; i < 10; ++i) trickle.Record(1, seconds(1));  // a byte a second
  EXPECT_LE(trickle.NextWait(), milliseconds(11));
  trickle.Record(1, seconds(1));
  EXPECT_EQ(trickle.NextWait(), seconds(0));

  detail::BodyPace steady(seconds(10), 1000, seconds(60));
  for (int i = 0; i < 1000; ++i) steady.Record(1000, seconds(1));  // exactly the minimum
  EXPECT_EQ(steady.NextWait(), seconds(10));

  detail::BodyPace fast(seconds(10), 1000, seconds(60));
  fast.Record(100'000'000, seconds(1));
  EXPECT_EQ(fast.NextWait(), seconds(60));  // credit, but one silent read is still bounded
}

}  // namespace
}  // namespace platform::net
