// viztube: the command-line entry point. See `viztube --help`.

#include <cstdlib>

#include "platform/app/command_line.hpp"
#include "viztube/app/cli.hpp"
#include "viztube/app/serve.hpp"
#include "viztube/app/transcode_command.hpp"

int main(int argc, char** argv) {
  const platform::EnvLookup env = [](const char* name) { return std::getenv(name); };
  return platform::app::RunCommandLine(
      argc, argv,
      {.service = viztube::Service(),
       .help = viztube::HelpText,
       .run =
           [&env](const std::string& command, const std::vector<std::string>& options) {
             const viztube::AppConfig config = viztube::ParseAppConfig(options, env);
             return command == "serve" ? viztube::Serve(config) : viztube::Migrate(config);
           },
       .extra = {{"transcode", viztube::TranscodeCommand}}});
}
