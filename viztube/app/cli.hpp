#pragma once

// The viztube command line: the platform's common flags (--listen 127.0.0.1:8090, --data,
// --database, --redis, --storage, --roles…), each also read from VIZTUBE_<NAME>.

#include <string>
#include <vector>

#include "platform/app/service_config.hpp"

namespace viztube {

const platform::app::ServiceIdentity& Service();

struct AppConfig : platform::app::ServiceConfig {};

// Throws platform::ConfigError with a message fit for the user.
AppConfig ParseAppConfig(const std::vector<std::string>& args, const platform::EnvLookup& env);
std::string HelpText();

}  // namespace viztube
