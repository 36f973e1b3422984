#pragma once

#include <vector>

#include "platform/core/embedded_file.hpp"

namespace vizora {

// Every migration file under vizora/migrations, generated at build time.
std::vector<platform::EmbeddedFile> EmbeddedMigrations();

}  // namespace vizora
