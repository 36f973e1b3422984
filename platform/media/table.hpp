#pragma once

// CSV (RFC 4180, with the delimiter guessed among comma, semicolon and tab) read into a
// bounded table: a 2 GB file costs no more than its first max_rows rows. Text that is not
// UTF-8 is taken as Latin-1 (what spreadsheets export on many desktops) and converted, so the
// table is always valid UTF-8. Blocking: run on worker threads.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "platform/media/image.hpp"  // MediaError

namespace platform::media {

struct TableLimits {
  std::size_t max_rows = 10'000;  // not counting the header
  std::size_t max_columns = 100;
  std::size_t max_cell_bytes = 1'000;
};

struct Table {
  std::vector<std::string> columns;  // the first row
  std::vector<std::vector<std::string>> rows;
  bool truncated = false;  // rows, columns or cells were cut at a limit
  char delimiter = ',';
};

Table ReadCsv(const std::filesystem::path& file, const TableLimits& limits = {});

// True when `text` is well-formed UTF-8.
bool IsUtf8(std::string_view text);

}  // namespace platform::media
