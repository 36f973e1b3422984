#pragma once

#include "viztube/app/cli.hpp"

namespace viztube {

// `viztube serve`: runs until SIGTERM/SIGINT, then drains. Returns the exit code.
int Serve(const AppConfig& config);
// `viztube migrate`: applies pending migrations and prints what it did as JSON.
int Migrate(const AppConfig& config);

}  // namespace viztube
