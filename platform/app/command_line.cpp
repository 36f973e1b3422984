#include "platform/app/command_line.hpp"

#include <iostream>

namespace platform::app {

namespace {

constexpr int kUsageError = 2;

}  // namespace

int RunCommandLine(int argc, char** argv, const CommandLine& cl) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::string command = args.empty() ? "" : args[0];
  const std::string& name = cl.service.name;
  if (command.empty()) {
    std::cerr << cl.help();
    return kUsageError;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << cl.help();
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::cout << name << " " << cl.service.version << "\n";
    return 0;
  }
  if (const auto extra = cl.extra.find(command); extra != cl.extra.end()) {
    return extra->second({args.begin() + 1, args.end()});
  }
  if (command != "serve" && command != "migrate") {
    std::cerr << name << ": unknown command '" << command << "'\n\n" << cl.help();
    return kUsageError;
  }
  const std::vector<std::string> options(args.begin() + 1, args.end());
  for (const auto& o : options) {
    if (o == "--help" || o == "-h") {
      std::cout << cl.help();
      return 0;
    }
  }
  try {
    return cl.run(command, options);
  } catch (const ConfigError& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return kUsageError;
  } catch (const std::exception& e) {
    log::Error("fatal", {{"error", e.what()}});
    log::Shutdown();
    std::cerr << name << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace platform::app
