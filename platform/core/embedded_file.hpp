#pragma once

#include <string_view>
#include <vector>

namespace platform {

// A text file compiled into the binary (cmake/EmbedFiles.cmake), e.g. "sqlite/0001_init.sql".
struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

}  // namespace platform
