#include "viztube/app/cli.hpp"

#include <boost/program_options.hpp>
#include <sstream>

namespace viztube {

const platform::app::ServiceIdentity& Service() {
  static const platform::app::ServiceIdentity service{
      .name = "viztube",
      .display_name = "VizTube",
      .env_prefix = "VIZTUBE",
      .version = VIZTUBE_VERSION,
      .description = "VizTube: video sharing server",
      .default_port = 8090,
      .default_data_dir = "./viztube-data"};
  return service;
}

AppConfig ParseAppConfig(const std::vector<std::string>& args, const platform::EnvLookup& env) {
  const auto vm = platform::ParseConfig(platform::app::CommonOptions(Service()), args,
                                        Service().env_prefix, env);
  AppConfig c;
  static_cast<platform::app::ServiceConfig&>(c) = platform::app::ReadCommonOptions(vm, Service());
  return c;
}

std::string HelpText() {
  std::ostringstream out;
  out << Service().description
      << "\n\n"
         "Usage:\n"
         "  viztube serve   [options]   run the server (migrates the database first)\n"
         "  viztube migrate [options]   apply database migrations and exit\n"
         "  viztube version             print the version\n"
         "  viztube --help              this text\n\n"
      << platform::app::CommonOptions(Service());
  return out.str();
}

}  // namespace viztube
