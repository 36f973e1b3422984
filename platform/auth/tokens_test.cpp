#include "platform/auth/tokens.hpp"

#include <gtest/gtest.h>

namespace platform::auth {
namespace {

TEST(Tokens, AreRandomAndHashedStably) {
  const std::string a = NewOpaqueToken(), b = NewOpaqueToken();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(HashToken(a), HashToken(a));
  EXPECT_NE(HashToken(a), HashToken(b));
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace platform::auth
