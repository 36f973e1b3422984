#pragma once

// What a User-Agent header says about the browser engine, for the few answers that differ by
// engine (a transpiled bundle for old smart TVs). Feature detection in the page stays the rule;
// this is for choosing what to send before the page runs.

#include <optional>
#include <string_view>

namespace platform::net {

// The major version of the Chromium engine a User-Agent names ("… Chrome/56.0.2924.0 …" → 56).
// Smart-TV browsers (Tizen, webOS), Android WebViews, Edge and Opera all say it this way;
// Firefox and Safari do not, and answer nullopt.
std::optional<int> ChromiumMajorVersion(std::string_view user_agent);

}  // namespace platform::net
