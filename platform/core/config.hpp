#pragma once

// Configuration from three sources, in order of precedence: command-line flags, then
// environment variables `PREFIX_NAME` (the option "storage-url" reads PREFIX_STORAGE_URL),
// then an optional config file of `name = value` lines named by the option "config".
// The options themselves are declared by the program (Boost.Program_options).

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace platform {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the environment through `getenv` (tests pass their own).
using EnvLookup = std::function<const char*(const char*)>;

// Throws ConfigError on an unknown flag, a bad value or an unreadable config file.
boost::program_options::variables_map ParseConfig(
    const boost::program_options::options_description& options,
    const std::vector<std::string>& args, std::string_view env_prefix, const EnvLookup& env);

}  // namespace platform
