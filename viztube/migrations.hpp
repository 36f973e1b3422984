#pragma once

// VizTube's schema, one SQL file per version and dialect (migrations/), compiled in.

#include <vector>

#include "platform/core/embedded_file.hpp"

namespace viztube {

std::vector<platform::EmbeddedFile> EmbeddedMigrations();

}  // namespace viztube
