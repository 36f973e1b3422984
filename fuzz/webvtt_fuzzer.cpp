// A caption file as an uploader sends it: CheckWebVtt accepts a WebVTT file with cues or
// refuses it with MediaError (a sentence naming the line); an accepted one has at least one
// cue and a sane end time.

#include <cmath>
#include <cstdint>
#include <string_view>

#include "platform/media/webvtt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto vtt =
        platform::media::CheckWebVtt(std::string_view(reinterpret_cast<const char*>(data), size));
    if (vtt.cues == 0 || !std::isfinite(vtt.end_seconds) || vtt.end_seconds < 0) __builtin_trap();
  } catch (const platform::media::MediaError&) {
  }
  return 0;
}
