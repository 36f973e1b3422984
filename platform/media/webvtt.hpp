#pragma once

// WebVTT (W3C "WebVTT: The Web Video Text Tracks Format") checked before it is stored: a
// caption file that players would reject, or that is something else renamed .vtt, is refused
// with a sentence saying where it goes wrong. Checks the signature, UTF-8, and every cue's
// timing line; cue text and settings are the players' business. Pure text work.

#include <cstddef>
#include <string_view>

#include "platform/media/image.hpp"  // MediaError

namespace platform::media {

struct WebVtt {
  std::size_t cues = 0;
  double end_seconds = 0;  // when the last cue ends
};

// Throws MediaError (its message fit for the user, naming the line) for anything that is
// not a WebVTT file with at least one cue.
WebVtt CheckWebVtt(std::string_view text);

}  // namespace platform::media
