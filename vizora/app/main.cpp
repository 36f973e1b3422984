// vizora: the command-line entry point. See `vizora --help` and API.md "Command line".

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "platform/core/log.hpp"
#include "vizora/app/admin_commands.hpp"
#include "vizora/app/cli.hpp"
#include "vizora/app/serve.hpp"

namespace {

constexpr int kUsageError = 2;

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::string command = args.empty() ? "" : args[0];
  if (command.empty()) {
    std::cerr << vizora::HelpText();
    return kUsageError;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << vizora::HelpText();
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::cout << "vizora " << VIZORA_VERSION << "\n";
    return 0;
  }
  if (command == "admin") {
    return vizora::AdminCommand({args.begin() + 1, args.end()},
                                [](const char* name) { return std::getenv(name); });
  }
  if (command != "serve" && command != "migrate") {
    std::cerr << "vizora: unknown command '" << command << "'\n\n" << vizora::HelpText();
    return kUsageError;
  }
  const std::vector<std::string> options(args.begin() + 1, args.end());
  for (const auto& o : options) {
    if (o == "--help" || o == "-h") {
      std::cout << vizora::HelpText();
      return 0;
    }
  }
  vizora::AppConfig config;
  try {
    config = vizora::ParseAppConfig(options, [](const char* name) { return std::getenv(name); });
  } catch (const platform::ConfigError& e) {
    std::cerr << "vizora: " << e.what() << "\n";
    return kUsageError;
  }
  try {
    return command == "serve" ? vizora::Serve(config) : vizora::Migrate(config);
  } catch (const std::exception& e) {
    platform::log::Error("fatal", {{"error", e.what()}});
    platform::log::Shutdown();
    std::cerr << "vizora: " << e.what() << "\n";
    return 1;
  }
}
