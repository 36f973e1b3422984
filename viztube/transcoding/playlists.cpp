#include "viztube/transcoding/playlists.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace viztube::transcoding {

namespace {

// Calls `line` for each line without its end (LF or CRLF).
template <class F>
void ForEachLine(std::string_view text, F line) {
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view l = text.substr(0, end);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    // Blank is blank, whatever whitespace it holds: never a URI (a lone CR read as one was
    // found by fuzz/hls).
    if (l.find_first_not_of(" \t\r") == std::string_view::npos) l = {};
    line(l);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

// The value of `name` in an attribute list (`A=1,CODECS="x,y"`), quotes removed.
std::string Attribute(std::string_view list, std::string_view name) {
  std::size_t i = 0;
  while (i < list.size()) {
    const auto eq = list.find('=', i);
    if (eq == std::string_view::npos) break;
    const std::string_view key = list.substr(i, eq - i);
    std::size_t end = eq + 1;
    std::string value;
    if (end < list.size() && list[end] == '"') {
      const auto close = list.find('"', end + 1);
      value = std::string(list.substr(end + 1, close - end - 1));
      end = close == std::string_view::npos ? list.size() : close + 1;
    } else {
      const auto comma = list.find(',', end);
      value = std::string(list.substr(end, comma - end));
      end = comma == std::string_view::npos ? list.size() : comma;
    }
    if (key == name) return value;
    i = end + 1;
  }
  return "";
}

std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c != '"' && c != '\n' && c != '\r') out += c;
  }
  return out + "\"";
}

}  // namespace

double MediaPlaylist::Duration() const {
  double total = 0;
  for (const auto& s : segments) total += s.duration;
  return total;
}

MediaPlaylist ParseMediaPlaylist(std::string_view text) {
  MediaPlaylist playlist;
  double pending = -1;
  ForEachLine(text, [&](std::string_view line) {
    if (line.starts_with("#EXTINF:")) {
      pending = std::strtod(std::string(line.substr(8)).c_str(), nullptr);
    } else if (line == "#EXT-X-ENDLIST") {
      playlist.ended = true;
    } else if (!line.empty() && line[0] != '#' && pending >= 0) {
      playlist.segments.push_back({.duration = pending, .uri = std::string(line)});
      pending = -1;
    }
  });
  return playlist;
}

std::map<std::string, std::string> CodecsByFolder(std::string_view master) {
  std::map<std::string, std::string> out;
  std::string codecs;
  bool in_variant = false;
  ForEachLine(master, [&](std::string_view line) {
    if (line.starts_with("#EXT-X-STREAM-INF:")) {
      codecs = Attribute(line.substr(18), "CODECS");
      in_variant = true;
    } else if (in_variant && !line.empty() && line[0] != '#') {
      out[std::string(line.substr(0, line.find('/')))] = codecs;
      in_variant = false;
    }
  });
  return out;
}

std::string WriteMasterPlaylist(const std::vector<Variant>& variants) {
  std::string out = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  for (const auto& v : variants) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.3f", v.frame_rate);
    out += "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(v.bandwidth) +
           ",AVERAGE-BANDWIDTH=" + std::to_string(v.average_bandwidth) +
           ",RESOLUTION=" + std::to_string(v.width) + "x" + std::to_string(v.height) +
           ",FRAME-RATE=" + rate;
    if (!v.codecs.empty()) out += ",CODECS=" + Quoted(v.codecs);
    out += "\n" + v.uri + "\n";
  }
  return out;
}

std::string AddSubtitles(std::string_view master, const std::vector<SubtitleTrack>& subtitles) {
  if (subtitles.empty()) return std::string(master);
  std::string group;
  for (const auto& s : subtitles) {
    group += "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=" + Quoted(s.name) +
             ",LANGUAGE=" + Quoted(s.language) + ",DEFAULT=" + (s.is_default ? "YES" : "NO") +
             ",AUTOSELECT=YES,URI=" + Quoted(s.uri) + "\n";
  }
  std::string out;
  out.reserve(master.size() + group.size() + 256);
  ForEachLine(master, [&](std::string_view line) {
    if (line.starts_with("#EXT-X-STREAM-INF:")) {
      out += group;  // before the first variant; empty after
      group.clear();
      out += line;
      out += ",SUBTITLES=\"subs\"\n";
      return;
    }
    out += line;
    out += '\n';
  });
  return out;
}

std::string WriteSubtitlePlaylist(const std::string& vtt_uri, double duration) {
  const long target = std::max(1L, static_cast<long>(std::ceil(duration)));
  char extinf[64];
  std::snprintf(extinf, sizeof extinf, "#EXTINF:%.3f,\n", duration);
  return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + std::to_string(target) +
         "\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n" + extinf + vtt_uri +
         "\n#EXT-X-ENDLIST\n";
}

std::string RewriteUris(std::string_view playlist,
                        const std::function<std::string(std::string_view uri)>& link) {
  std::string out;
  out.reserve(playlist.size() * 2);
  ForEachLine(playlist, [&](std::string_view line) {
    if (line.empty()) {
      out += '\n';
      return;
    }
    if (line[0] != '#') {
      out += link(line);
    } else if (const auto at = line.find("URI=\""); at != std::string_view::npos) {
      const auto start = at + 5;
      const auto close = line.find('"', start);
      out += line.substr(0, start);
      out += link(line.substr(start, close - start));
      if (close != std::string_view::npos) out += line.substr(close);
    } else {
      out += line;
    }
    out += '\n';
  });
  return out;
}

}  // namespace viztube::transcoding
