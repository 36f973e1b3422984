// The `vizora` command line: commands, help, errors, and `migrate` on both backends.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "tests/support/support.hpp"

namespace {

using namespace testing_support;

TEST(Cli, VersionAndHelp) {
  auto [code, out] = RunVizora({"version"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out.rfind("vizora ", 0), 0u);
  auto [help_code, help] = RunVizora({"--help"});
  EXPECT_EQ(help_code, 0);
  for (const char* word : {"serve", "migrate", "version", "--listen", "--data", "--database",
                           "--redis", "--storage", "--roles", "--config", "VIZORA_"}) {
    EXPECT_NE(help.find(word), std::string::npos) << word;
  }
}

TEST(Cli, UsageErrorsExitWith2AndSayWhy) {
  EXPECT_EQ(RunVizora({}).first, 2);
  auto [code, out] = RunVizora({"frobnicate"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(out.find("unknown command"), std::string::npos);
  auto [flag_code, flag_out] = RunVizora({"serve", "--no-such-flag"});
  EXPECT_EQ(flag_code, 2);
  EXPECT_NE(flag_out.find("no-such-flag"), std::string::npos);
  EXPECT_EQ(RunVizora({"serve", "--listen", "nonsense"}).first, 2);
  EXPECT_EQ(RunVizora({"serve"}, {"VIZORA_ROLES=chef"}).first, 2);
  auto [proxy_code, proxy_out] = RunVizora({"serve", "--trusted-proxies", "loopback,10.0.0.0/40"});
  EXPECT_EQ(proxy_code, 2);
  EXPECT_NE(proxy_out.find("'10.0.0.0/40'"), std::string::npos) << proxy_out;
}

TEST(Cli, ServeFailsCleanlyWhenItCannotStart) {
  TempDir dir;
  auto [code, out] = RunVizora({"serve", "--data", dir.path().string(), "--database",
                                "postgresql://127.0.0.1:1/nothing?connect_timeout=2"});
  EXPECT_EQ(code, 1);
  EXPECT_NE(out.find("postgres"), std::string::npos);
}

class MigrateCli : public BackendTest {};

TEST_P(MigrateCli, AppliesOnceThenNothing) {
  const std::string& url = database_;
  auto [code, out] = RunVizora({"migrate", "--database", url});
  ASSERT_EQ(code, 0) << out;
  auto report = boost::json::parse(out.substr(out.rfind('{', out.find("\"applied\""))));
  EXPECT_FALSE(report.at("applied").as_array().empty());
  const auto version = report.at("schemaVersion").as_int64();
  auto [again_code, again] = RunVizora({"migrate", "--database", url});
  ASSERT_EQ(again_code, 0);
  auto second = boost::json::parse(again.substr(again.rfind('{', again.find("\"applied\""))));
  EXPECT_TRUE(second.at("applied").as_array().empty());
  EXPECT_EQ(second.at("schemaVersion").as_int64(), version);
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateCli, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
