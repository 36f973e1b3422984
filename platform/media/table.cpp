#include "platform/media/table.hpp"

#include <array>
#include <fstream>

namespace platform::media {

namespace {

constexpr std::size_t kReadBytes = 64 * 1024;

char GuessDelimiter(std::string_view head) {
  const std::string_view line = head.substr(0, head.find('\n'));
  char best = ',';
  std::size_t best_count = 0;
  for (char candidate : {',', ';', '\t'}) {
    std::size_t count = 0;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') quoted = !quoted;
      count += !quoted && c == candidate;
    }
    if (count > best_count) best = candidate, best_count = count;
  }
  return best;
}

std::string Latin1ToUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (unsigned char c : text) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// Cuts `cell` to at most `max` bytes without splitting a UTF-8 sequence.
void Clip(std::string& cell, std::size_t max) {
  if (cell.size() <= max) return;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(cell[end]) & 0xC0) == 0x80) --end;
  cell.resize(end);
}

class Reader {
 public:
  Reader(const TableLimits& limits, bool utf8) : limits_(limits), utf8_(utf8) {}

  // False once the table is full.
  bool Feed(std::string_view bytes, char delimiter) {
    for (char c : bytes) {
      if (quoted_) {
        if (c == '"') {
          quoted_ = false;
          after_quote_ = true;
        } else {
          Add(c);
        }
        continue;
      }
      if (c == '"') {
        if (after_quote_) Add('"');  // "" inside quotes
        quoted_ = true;
        after_quote_ = false;
        continue;
      }
      after_quote_ = false;
      if (c == delimiter) {
        EndCell();
      } else if (c == '\n') {
        if (!EndRow()) return false;
      } else if (c != '\r') {
        Add(c);
      }
    }
    return true;
  }

  Table Finish(char delimiter) {
    if (!cell_.empty() || !row_.empty()) EndRow();
    table_.delimiter = delimiter;
    return std::move(table_);
  }

 private:
  void Add(char c) {
    if (cell_.size() <= limits_.max_cell_bytes * 2) cell_ += c;  // room for the conversion
  }
  void EndCell() {
    // A stray byte later in a UTF-8 file converts that cell alone.
    std::string cell = utf8_ && IsUtf8(cell_) ? std::move(cell_) : Latin1ToUtf8(cell_);
    if (cell.size() > limits_.max_cell_bytes) {
      Clip(cell, limits_.max_cell_bytes);
      table_.truncated = true;
    }
    if (row_.size() < limits_.max_columns) {
      row_.push_back(std::move(cell));
    } else {
      table_.truncated = true;
    }
    cell_.clear();
  }
  bool EndRow() {
    EndCell();
    if (row_.size() == 1 && row_[0].empty()) {  // a blank line
      row_.clear();
      return true;
    }
    if (!have_header_) {
      table_.columns = std::move(row_);
      have_header_ = true;
    } else if (table_.rows.size() < limits_.max_rows) {
      table_.rows.push_back(std::move(row_));
    } else {
      table_.truncated = true;
      row_.clear();
      return false;
    }
    row_.clear();
    return true;
  }

  const TableLimits& limits_;
  const bool utf8_;
  Table table_;
  std::vector<std::string> row_;
  std::string cell_;
  bool quoted_ = false, after_quote_ = false, have_header_ = false;
};

}  // namespace

bool IsUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

Table ReadCsv(const std::filesystem::path& file, const TableLimits& limits) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw MediaError("cannot read the spreadsheet");
  std::string block(kReadBytes, '\0');
  in.read(block.data(), static_cast<std::streamsize>(block.size()));
  block.resize(static_cast<std::size_t>(in.gcount()));
  if (block.starts_with("\xEF\xBB\xBF")) block.erase(0, 3);  // a byte-order mark
  // The encoding is judged on the first block (cut back to a whole line).
  const std::string_view sample = std::string_view(block).substr(0, block.rfind('\n') + 1);
  const bool utf8 = IsUtf8(sample.empty() ? std::string_view(block) : sample);
  const char delimiter = GuessDelimiter(block);
  Reader reader(limits, utf8);
  bool more = reader.Feed(block, delimiter);
  while (more && in) {
    block.resize(kReadBytes);
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    block.resize(static_cast<std::size_t>(in.gcount()));
    if (block.empty()) break;
    more = reader.Feed(block, delimiter);
  }
  Table table = reader.Finish(delimiter);
  if (table.columns.empty()) throw MediaError("the spreadsheet is empty");
  return table;
}

}  // namespace platform::media
