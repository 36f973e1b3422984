#include "vizora/app/cli.hpp"

#include <gtest/gtest.h>

#include <map>

namespace vizora {
namespace {

platform::EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

// The common flags are tested in platform/app; these are Vizora's names and its own flags.
TEST(Cli, EmbeddedDefaults) {
  const AppConfig c = ParseAppConfig({}, Env({}));
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.listen_port, 8080);
  EXPECT_EQ(c.database_url, "sqlite://./data/vizora.db");
  EXPECT_EQ(c.storage_url, "file://./data/blobs");
  EXPECT_TRUE(c.redis_url.empty());
  EXPECT_EQ(c.roles, (std::vector<std::string>{"api", "realtime", "worker"}));
}

TEST(Cli, FlagsAndEnvironment) {
  const AppConfig c =
      ParseAppConfig({"--listen", "0.0.0.0:9000", "--roles", "api, worker"},
                     Env({{"VIZORA_DATABASE", "postgresql://u@h/db"},
                          {"VIZORA_LISTEN", "1.2.3.4:1"},
                          {"VIZORA_CORS_ORIGINS", "https://a.example, https://b.example"}}));
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9000);
  EXPECT_EQ(c.database_url, "postgresql://u@h/db");
  EXPECT_EQ(c.roles, (std::vector<std::string>{"api", "worker"}));
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
}

TEST(Cli, UploadLimits) {
  const AppConfig defaults = ParseAppConfig({}, Env({}));
  EXPECT_EQ(defaults.upload_limit_bytes, 100LL << 20);
  EXPECT_TRUE(defaults.upload_limits.empty());
  EXPECT_FALSE(defaults.allow_private_feeds);
  const AppConfig c = ParseAppConfig(
      {"--upload-limit", "2gb", "--upload-limits", "image=20MB, video=4GB"}, Env({}));
  EXPECT_EQ(c.upload_limit_bytes, 2LL << 30);
  EXPECT_EQ(c.upload_limits.at("image"), 20LL << 20);
  EXPECT_EQ(c.upload_limits.at("video"), 4LL << 30);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--upload-limit", "lots"},
                                             {"--upload-limit", "100TB"},
                                             {"--upload-limit", "10"},
                                             {"--upload-limits", "movie=1GB"},
                                             {"--upload-limits", "image"}}) {
    EXPECT_THROW(ParseAppConfig(args, Env({})), platform::ConfigError) << args[1];
  }
}

TEST(Cli, AnalyticsRetention) {
  const AppConfig defaults = ParseAppConfig({}, Env({}));
  EXPECT_EQ(defaults.analytics_detail_days, 90);
  EXPECT_EQ(defaults.analytics_rollup_days, 730);
  const AppConfig c =
      ParseAppConfig({"--analytics-detail-days", "30", "--analytics-rollup-days", "365"}, Env({}));
  EXPECT_EQ(c.analytics_detail_days, 30);
  EXPECT_EQ(c.analytics_rollup_days, 365);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--analytics-detail-days", "0"},
           {"--analytics-detail-days", "100", "--analytics-rollup-days", "50"},
           {"--analytics-rollup-days", "many"}}) {
    EXPECT_THROW(ParseAppConfig(args, Env({})), platform::ConfigError) << args[1];
  }
}

// Without billing, an operator gives new organizations a plan instead of a trial.
TEST(Cli, SelfHostedPlan) {
  EXPECT_TRUE(ParseAppConfig({}, Env({})).self_hosted_plan.empty()) << "the trial by default";
  const AppConfig pro = ParseAppConfig({"--self-hosted-plan", "pro"}, Env({}));
  EXPECT_EQ(pro.self_hosted_plan, "pro");
  EXPECT_EQ(pro.self_hosted_screens, 100) << "the plan's screens";
  const AppConfig own = ParseAppConfig(
      {}, Env({{"VIZORA_SELF_HOSTED_PLAN", "enterprise"}, {"VIZORA_SELF_HOSTED_SCREENS", "40"}}));
  EXPECT_EQ(own.self_hosted_plan, "enterprise");
  EXPECT_EQ(own.self_hosted_screens, 40);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--self-hosted-plan", "gold"},
        {"--self-hosted-screens", "10"},
        {"--self-hosted-plan", "pro", "--self-hosted-screens", "-1"},
        {"--self-hosted-plan", "pro", "--stripe-secret-key", "sk_test_1", "--stripe-webhook-secret",
         "whsec_1", "--public-url", "https://signs.example.com"}}) {
    EXPECT_THROW(ParseAppConfig(args, Env({})), platform::ConfigError) << args[1];
  }
}

}  // namespace
}  // namespace vizora
