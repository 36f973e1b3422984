// HLS playlists as FFmpeg writes them (and as a damaged or hostile file might read): parsed,
// their codecs read, their URIs rewritten and subtitles added as when a master is served.
// Whatever the text, each returns; rewriting every URI to itself changes no URI.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "viztube/transcoding/playlists.hpp"

namespace hls = viztube::transcoding;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto playlist = hls::ParseMediaPlaylist(text);
  for (const auto& segment : playlist.segments) {
    if (std::isnan(segment.duration)) __builtin_trap();
  }
  (void)playlist.Duration();
  (void)hls::CodecsByFolder(text);
  std::size_t uris = 0;
  const std::string rewritten = hls::RewriteUris(text, [&](std::string_view uri) {
    ++uris;
    return std::string(uri);
  });
  std::size_t again = 0;
  (void)hls::RewriteUris(rewritten, [&](std::string_view uri) {
    ++again;
    return std::string(uri);
  });
  if (again != uris) __builtin_trap();
  (void)hls::AddSubtitles(text, {{.uri = "captions/en.m3u8", .language = "en", .name = "English"}});
  return 0;
}
