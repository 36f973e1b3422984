#include "platform/auth/hmac.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace platform::auth {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

// RFC 4231 test cases 1, 2 and 6 (a key longer than the block), and an empty key.
TEST(HmacSha256, MatchesRfc4231) {
  EXPECT_EQ(Hex(HmacSha256("Hi There", std::string(20, '\x0b'))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(Hex(HmacSha256("what do ya want for nothing?", "Jefe")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(Hex(HmacSha256("Test Using Larger Than Block-Size Key - Hash Key First",
                           std::string(131, '\xaa'))),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(Hex(HmacSha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

// Keys and threads interleaved: each MAC is its own key's, whatever came before.
TEST(HmacSha256, ManyKeysOnManyThreadsStayApart) {
  const std::string expected_a = Hex(HmacSha256("message", "key a"));
  const std::string expected_b = Hex(HmacSha256("message", "key b"));
  EXPECT_NE(expected_a, expected_b);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        // More keys than a thread keeps, so contexts are dropped and made again.
        HmacSha256("noise", "key " + std::to_string((i + t) % 12));
        if (Hex(HmacSha256("message", "key a")) != expected_a) ++wrong;
        if (Hex(HmacSha256("message", "key b")) != expected_b) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace platform::auth
