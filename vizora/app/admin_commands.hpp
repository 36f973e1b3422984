#pragma once

// `vizora admin …`: operator commands run beside (or without) a live server, against the same
// database. They print JSON on success; usage errors exit 2, failures 1.

#include <string>
#include <vector>

#include "platform/core/config.hpp"

namespace vizora {

// args: what follows "admin" ("set-plan --org acme --tier pro …").
int AdminCommand(const std::vector<std::string>& args, const platform::EnvLookup& env);
std::string AdminHelpText();

}  // namespace vizora
