#include "platform/core/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace platform {
namespace {

namespace po = boost::program_options;

po::options_description Options() {
  po::options_description options;
  options.add_options()("listen", po::value<std::string>()->default_value("127.0.0.1:8080"), "")(
      "storage-url", po::value<std::string>()->default_value(""), "")(
      "threads", po::value<int>()->default_value(2), "")(
      "config", po::value<std::string>()->default_value(""), "");
  return options;
}

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(Config, DefaultsApplyWhenNothingIsGiven) {
  auto vm = ParseConfig(Options(), {}, "APP", FakeEnv({}));
  EXPECT_EQ(vm["listen"].as<std::string>(), "127.0.0.1:8080");
  EXPECT_EQ(vm["threads"].as<int>(), 2);
}

TEST(Config, FlagsBeatEnvironmentWhichBeatsTheFile) {
  const auto path = std::filesystem::temp_directory_path() / "platform_config_test.conf";
  std::ofstream(path) << "listen = 0.0.0.0:1\nthreads = 7\nstorage-url = file-value\n";
  auto vm = ParseConfig(Options(), {"--listen", "127.0.0.1:9", "--config", path.string()}, "APP",
                        FakeEnv({{"APP_LISTEN", "env:1"}, {"APP_STORAGE_URL", "env-value"}}));
  EXPECT_EQ(vm["listen"].as<std::string>(), "127.0.0.1:9");
  EXPECT_EQ(vm["storage-url"].as<std::string>(), "env-value");
  EXPECT_EQ(vm["threads"].as<int>(), 7);
  std::filesystem::remove(path);
}

TEST(Config, BadInputIsAConfigError) {
  EXPECT_THROW(ParseConfig(Options(), {"--no-such-flag"}, "APP", FakeEnv({})), ConfigError);
  EXPECT_THROW(ParseConfig(Options(), {"--threads", "many"}, "APP", FakeEnv({})), ConfigError);
  EXPECT_THROW(ParseConfig(Options(), {}, "APP", FakeEnv({{"APP_THREADS", "x"}})), ConfigError);
  EXPECT_THROW(ParseConfig(Options(), {"--config", "/nonexistent/file"}, "APP", FakeEnv({})),
               ConfigError);
}

}  // namespace
}  // namespace platform
