#include "platform/app/service_config.hpp"

#include <gtest/gtest.h>

#include <map>

namespace platform::app {
namespace {

const ServiceIdentity kShop{.name = "shop",
                            .display_name = "Shop",
                            .env_prefix = "SHOP",
                            .version = "1.2.3",
                            .description = "a shop",
                            .default_port = 8123};

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

ServiceConfig Parse(const std::vector<std::string>& args, const EnvLookup& env = Env({})) {
  return ReadCommonOptions(ParseConfig(CommonOptions(kShop), args, kShop.env_prefix, env), kShop);
}

TEST(ServiceConfig, EmbeddedDefaultsAreNamedAfterTheService) {
  const ServiceConfig c = Parse({});
  EXPECT_EQ(c.listen_host, "127.0.0.1");
  EXPECT_EQ(c.listen_port, 8123);
  EXPECT_EQ(c.database_url, "sqlite://./data/shop.db");
  EXPECT_EQ(c.storage_url, "file://./data/blobs");
  EXPECT_TRUE(c.redis_url.empty());
  EXPECT_EQ(c.roles, (std::vector<std::string>{"api", "realtime", "worker"}));
  EXPECT_TRUE(c.HasRole("worker"));
  EXPECT_EQ(c.max_connections, 19000u);
  EXPECT_TRUE(c.rate_limits);
  EXPECT_FALSE(Parse({"--rate-limits", "false"}).rate_limits);
}

TEST(ServiceConfig, FlagsBeatTheEnvironmentWhichUsesTheServicePrefix) {
  const ServiceConfig c =
      Parse({"--listen", "0.0.0.0:9000", "--roles", "api, worker"},
            Env({{"SHOP_DATABASE", "postgresql://u@h/db"},
                 {"SHOP_LISTEN", "1.2.3.4:1"},
                 {"OTHER_REDIS", "redis://elsewhere:1"},
                 {"SHOP_CORS_ORIGINS", "https://a.example, https://b.example"}}));
  EXPECT_EQ(c.listen_host, "0.0.0.0");
  EXPECT_EQ(c.listen_port, 9000);
  EXPECT_EQ(c.database_url, "postgresql://u@h/db");
  EXPECT_TRUE(c.redis_url.empty()) << "another product's variables are not read";
  EXPECT_EQ(c.roles, (std::vector<std::string>{"api", "worker"}));
  EXPECT_FALSE(c.HasRole("realtime"));
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
}

TEST(ServiceConfig, PublicUrlAndConnections) {
  const ServiceConfig c =
      Parse({"--public-url", "https://shop.example.com/", "--max-connections", "500"});
  EXPECT_EQ(c.public_url, "https://shop.example.com") << "the trailing slash is dropped";
  EXPECT_EQ(c.max_connections, 500u);
  EXPECT_THROW(Parse({"--public-url", "ftp://x"}), ConfigError);
  EXPECT_THROW(Parse({"--max-connections", "0"}), ConfigError);
}

TEST(ServiceConfig, MailNeedsARelayAPublicUrlAndASender) {
  EXPECT_FALSE(Parse({}).smtp) << "no mail unless asked";
  const ServiceConfig c = Parse({"--smtp", "smtp://apikey:secret@smtp.example.com:587",
                                 "--public-url", "https://shop.example.com", "--mail-from",
                                 "\"Shop Alerts\" <alerts@shop.example.com>"});
  ASSERT_TRUE(c.smtp);
  EXPECT_EQ(c.smtp->url, "smtp://smtp.example.com:587");
  EXPECT_EQ(c.smtp->password, "secret");
  EXPECT_EQ(c.mail_from.email, "alerts@shop.example.com");
  EXPECT_EQ(c.mail_from.name, "Shop Alerts");
  const ServiceConfig bare = Parse({"--smtp", "smtp://localhost:25", "--public-url",
                                    "http://localhost:8080", "--mail-from", "noreply@localhost"});
  EXPECT_EQ(bare.mail_from.email, "noreply@localhost");
  EXPECT_FALSE(bare.mail_from.name.empty()) << "the service's name";
  // A link in a mail must not come from a Host header, which a client chooses.
  EXPECT_THROW(Parse({"--smtp", "smtp://localhost:25", "--mail-from", "a@b.c"}), ConfigError);
  EXPECT_THROW(Parse({"--smtp", "smtp://localhost:25", "--public-url", "http://x"}), ConfigError);
  for (const char* bad : {"nobody", "Name <nobody>", "Bad\nName <a@b.c>", "<a@b.c"}) {
    EXPECT_THROW(
        Parse({"--smtp", "smtp://localhost:25", "--public-url", "http://x", "--mail-from", bad}),
        ConfigError)
        << bad;
  }
  EXPECT_THROW(
      Parse({"--smtp", "http://localhost", "--public-url", "http://x", "--mail-from", "a@b.c"}),
      ConfigError);
}

TEST(ServiceConfig, IPv6Listen) {
  const ServiceConfig c = Parse({"--listen", "[::1]:8081"});
  EXPECT_EQ(c.listen_host, "::1");
  EXPECT_EQ(c.listen_port, 8081);
}

TEST(ServiceConfig, RejectsBadValuesWithAMessage) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--listen", "8080"},
                                             {"--listen", "host:99999"},
                                             {"--listen", "host:http"},
                                             {"--database", "mysql://x"},
                                             {"--redis", "localhost:6379"},
                                             {"--storage", "ftp://x"},
                                             {"--roles", "api,cook"},
                                             {"--log-level", "loud"},
                                             {"--threads", "-1"},
                                             {"--threads", "100000"},
                                             {"--unknown"}}) {
    EXPECT_THROW(Parse(args), ConfigError) << args[0];
  }
}

TEST(ServiceConfig, ByteSizes) {
  EXPECT_EQ(ParseByteSize("limit", "100MB"), 100LL << 20);
  EXPECT_EQ(ParseByteSize("limit", "2gb"), 2LL << 30);
  EXPECT_EQ(ParseByteSize("limit", "4096"), 4096);
  for (const char* bad : {"lots", "100TB", "10", "", "MB", "1234567MB"}) {
    EXPECT_THROW(ParseByteSize("limit", bad), ConfigError) << bad;
  }
  EXPECT_EQ(SplitList(" a, b,,c "), (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace platform::app
