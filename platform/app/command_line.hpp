#pragma once

// A product's main(), short: the commands every server has (serve, migrate, version, help)
// with the same exit codes and messages, plus the product's own (e.g. "admin").
// Exit codes: 0 done, 1 failed at run time (logged), 2 usage error (said on stderr).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "platform/app/service_config.hpp"

namespace platform::app {

struct CommandLine {
  ServiceIdentity service;
  std::function<std::string()> help;  // the text of --help
  // "serve" or "migrate" with the options after it. Throws ConfigError for a bad option
  // (exit 2); anything else thrown is a run-time failure (exit 1).
  std::function<int(const std::string& command, const std::vector<std::string>& options)> run;
  // Further commands, given the arguments after their name; they report their own errors.
  std::map<std::string, std::function<int(const std::vector<std::string>& args)>> extra;
};

int RunCommandLine(int argc, char** argv, const CommandLine& command_line);

}  // namespace platform::app
