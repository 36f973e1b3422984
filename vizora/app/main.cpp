// vizora: the command-line entry point. See `vizora --help` and API.md "Command line".

#include <cstdlib>

#include "platform/app/command_line.hpp"
#include "vizora/app/admin_commands.hpp"
#include "vizora/app/cli.hpp"
#include "vizora/app/serve.hpp"

int main(int argc, char** argv) {
  const platform::EnvLookup env = [](const char* name) { return std::getenv(name); };
  return platform::app::RunCommandLine(
      argc, argv,
      {.service = vizora::Service(),
       .help = vizora::HelpText,
       .run =
           [&env](const std::string& command, const std::vector<std::string>& options) {
             const vizora::AppConfig config = vizora::ParseAppConfig(options, env);
             return command == "serve" ? vizora::Serve(config) : vizora::Migrate(config);
           },
       .extra = {{"admin", [&env](const std::vector<std::string>& args) {
                    return vizora::AdminCommand(args, env);
                  }}}});
}
