#pragma once

// Text limits in characters, as people count them (code points), not bytes.

#include <cstddef>
#include <optional>
#include <string_view>

namespace platform {

// The number of code points in `text`, or nullopt when it is not well-formed UTF-8
// (overlong forms, surrogates and values past U+10FFFF are not).
std::optional<std::size_t> CountUtf8Chars(std::string_view text);

// `text` without ASCII white space at either end.
std::string_view TrimSpace(std::string_view text);

}  // namespace platform
