#pragma once

#include "vizora/app/cli.hpp"

namespace vizora {

// `vizora serve`: runs until SIGTERM/SIGINT, then drains. Returns the process exit code.
int Serve(const AppConfig& config);
// `vizora migrate`: applies pending migrations and prints what it did as JSON.
int Migrate(const AppConfig& config);

}  // namespace vizora
