#pragma once

// HLS playlists (RFC 8216): reading the media playlists FFmpeg writes, writing the master
// playlist players start from, and pointing a stored playlist's URIs at signed links when it
// is served. Pure text work.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace viztube::transcoding {

struct Segment {
  double duration = 0;
  std::string uri;
};

struct MediaPlaylist {
  std::vector<Segment> segments;
  bool ended = false;  // #EXT-X-ENDLIST: every segment is there
  double Duration() const;
};

MediaPlaylist ParseMediaPlaylist(std::string_view text);

// The CODECS attribute of each variant of a master playlist, by its URI's first folder
// ("240/index.m3u8" → "240").
std::map<std::string, std::string> CodecsByFolder(std::string_view master);

struct Variant {
  std::string uri;
  std::int64_t bandwidth = 0;          // the peak: the largest segment's bits per second
  std::int64_t average_bandwidth = 0;  // all bits over the whole duration
  std::int64_t width = 0, height = 0;
  double frame_rate = 0;
  std::string codecs;
};

struct SubtitleTrack {
  std::string uri, language, name;
  bool is_default = false;
};

// Variants in the order given (players pick by BANDWIDTH; the first is where they start).
std::string WriteMasterPlaylist(const std::vector<Variant>& variants);

// The master playlist with `subtitles` as one group every variant refers to. Captions change
// after the ladder is made, so they are added as the master is served, not stored in it.
std::string AddSubtitles(std::string_view master, const std::vector<SubtitleTrack>& subtitles);

// A media playlist of one WebVTT file as long as the video.
std::string WriteSubtitlePlaylist(const std::string& vtt_uri, double duration);

// The playlist with every URI (lines that are not tags, and URI="…" attributes) replaced by
// what `link` makes of it.
std::string RewriteUris(std::string_view playlist,
                        const std::function<std::string(std::string_view uri)>& link);

}  // namespace viztube::transcoding
