#include "platform/core/config.hpp"

#include <boost/program_options/parsers.hpp>
#include <cctype>
#include <fstream>

namespace platform {

namespace po = boost::program_options;

namespace {

std::string EnvName(std::string_view prefix, const std::string& option) {
  std::string name(prefix);
  name.push_back('_');
  for (char c : option) {
    name.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return name;
}

}  // namespace

po::variables_map ParseConfig(const po::options_description& options,
                              const std::vector<std::string>& args, std::string_view env_prefix,
                              const EnvLookup& env) {
  po::variables_map vm;
  try {
    // po::store keeps the first value it sees for an option: store in precedence order.
    po::store(po::command_line_parser(args).options(options).run(), vm);

    po::parsed_options from_env(&options);
    for (const auto& option : options.options()) {
      const std::string& name = option->long_name();
      if (const char* value = env(EnvName(env_prefix, name).c_str())) {
        po::option parsed(name, {value});
        from_env.options.push_back(std::move(parsed));
      }
    }
    po::store(from_env, vm);

    if (vm.count("config") && !vm["config"].as<std::string>().empty()) {
      const std::string path = vm["config"].as<std::string>();
      std::ifstream file(path);
      if (!file) throw ConfigError("cannot read config file " + path);
      po::store(po::parse_config_file(file, options), vm);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw ConfigError(e.what());
  }
  return vm;
}

}  // namespace platform
