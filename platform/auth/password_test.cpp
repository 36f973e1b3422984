#include "platform/auth/password.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace platform::auth {
namespace {

TEST(Password, HashesWithArgon2idAndVerifies) {
  const std::string hash = HashPassword("correct horse battery");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(VerifyPassword(hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(hash, ""));
  EXPECT_NE(HashPassword("correct horse battery"), hash);  // salted
}

TEST(Password, MalformedHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$garbage", "x"));
  EXPECT_FALSE(VerifyPassword("plaintext", "plaintext"));
}

TEST(Password, UnknownAccountsCostTheSameTime) {
  const std::string hash = HashPassword("pw-one-two-three");
  VerifyNothing("warm-up");  // builds its own hash once
  auto time = [](auto&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  const double real = time([&] { VerifyPassword(hash, "wrong"); });
  const double fake = time([&] { EXPECT_FALSE(VerifyNothing("wrong")); });
  EXPECT_GT(fake, real / 3);  // same work, within generous noise
  EXPECT_LT(fake, real * 3);
}

}  // namespace
}  // namespace platform::auth
