#include "platform/core/error.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace platform {
namespace {

TEST(Error, SerializesToTheApiShape) {
  Error e(errors::kNotFound, "no such widget", {{"id", "42"}});
  auto v = boost::json::parse(ToJson(e));
  EXPECT_EQ(v.at("error").at("code").as_string(), "NOT_FOUND");
  EXPECT_EQ(v.at("error").at("message").as_string(), "no such widget");
  EXPECT_EQ(v.at("error").at("details").at("id").as_string(), "42");
}

TEST(Error, ResultValueThrowsTheError) {
  Result<int> r = Error(errors::kConflict, "taken");
  ASSERT_TRUE(r.has_error());
  try {
    (void)r.value();
    FAIL() << "value() should throw";
  } catch (const ErrorException& ex) {
    EXPECT_EQ(ex.error().kind, errors::kConflict);
  }
  Result<int> ok = 7;
  EXPECT_EQ(ok.value(), 7);
}

}  // namespace
}  // namespace platform
