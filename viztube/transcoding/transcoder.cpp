#include "viztube/transcoding/transcoder.hpp"

#include <signal.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <fstream>
#include <sstream>

#include "platform/core/process.hpp"

namespace viztube::transcoding {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::chrono::minutes kProbeTime{2};
constexpr std::int64_t kProbeCpuSeconds = 60;
constexpr std::int64_t kProbeMemoryBytes = 512LL << 20;
// Wall time is CPU time stretched: the transcoder yields to the server, so it may wait.
constexpr double kWallPerCpu = 3;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string StringOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t IntOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_string()) return std::atoll(v->as_string().c_str());
  return 0;
}

// "30000/1001" → 29.97; "0/0" → 0.
double RateOf(const std::string& text) {
  const auto slash = text.find('/');
  const double num = std::atof(text.substr(0, slash).c_str());
  const double den = slash == std::string::npos ? 1 : std::atof(text.substr(slash + 1).c_str());
  return den > 0 ? num / den : 0;
}

// The last non-empty line FFmpeg printed: its reason, fit to show.
std::string LastLine(const std::string& output) {
  std::string_view text = output;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  const auto start = text.rfind('\n');
  std::string line(text.substr(start == std::string_view::npos ? 0 : start + 1));
  if (line.size() > 300) line.resize(300);
  return line;
}

// The failure of a run, told as the owner should hear it.
[[noreturn]] void Fail(const platform::ProcessResult& run, std::string_view what,
                       std::int64_t cpu_seconds) {
  if (run.signal == SIGXCPU) {
    throw TranscodeError(std::string(what) + " took more than its " + std::to_string(cpu_seconds) +
                         " s of CPU time");
  }
  if (run.signal == SIGXFSZ) {
    throw TranscodeError(std::string(what) + " wrote a file larger than allowed");
  }
  if (run.timed_out) throw TranscodeError(std::string(what) + " took too long");
  const std::string reason = LastLine(run.output);
  if (reason.find("alloc") != std::string::npos || reason.find("memory") != std::string::npos) {
    throw TranscodeError(std::string(what) + " needed more memory than allowed: " + reason);
  }
  throw TranscodeError(std::string(what) + " failed: " +
                       (reason.empty() ? "exit " + std::to_string(run.exit_code) : reason));
}

// When the keyframes show, reading packet headers only: nothing is decoded. Empty when
// ffprobe could not tell.
std::vector<double> Keyframes(const fs::path& ffprobe, const fs::path& source) {
  std::vector<double> times;
  const auto run = platform::RunProcess(
      {ffprobe.string(), "-v", "error", "-select_streams", "v:0", "-show_entries",
       "packet=pts_time,flags", "-of", "csv=p=0", source.string()},
      {.timeout = kProbeTime,
       .limits = {.cpu_seconds = kProbeCpuSeconds, .memory_bytes = kProbeMemoryBytes},
       .on_stdout_line =
           [&](std::string_view line) {
             const auto comma = line.find(',');
             if (comma == std::string_view::npos ||
                 line.substr(comma + 1).find('K') == std::string_view::npos) {
               return true;
             }
             times.push_back(std::atof(std::string(line.substr(0, comma)).c_str()));
             return true;
           },
       .sandbox = platform::SandboxRules{.readable = {source}}});
  if (run.exit_code != 0) return {};
  std::sort(times.begin(), times.end());  // decode order is not presentation order
  return times;
}

// The longest stretch between keyframes, and from the last one to the end.
double MaxGap(const std::vector<double>& keyframes, double duration) {
  if (keyframes.empty()) return 0;
  double gap = keyframes.front();
  for (std::size_t i = 1; i < keyframes.size(); ++i) {
    gap = std::max(gap, keyframes[i] - keyframes[i - 1]);
  }
  return std::max(gap, duration - keyframes.back());
}

}  // namespace

Transcoder::Transcoder(TranscodeLimits limits) : limits_(limits) {
  const auto ffmpeg = platform::FindProgram("ffmpeg");
  const auto ffprobe = platform::FindProgram("ffprobe");
  if (!ffmpeg || !ffprobe) throw std::runtime_error("ffmpeg and ffprobe must be on PATH");
  ffmpeg_ = *ffmpeg;
  ffprobe_ = *ffprobe;
}

SourceInfo Transcoder::Probe(const fs::path& source) const {
  const auto run = platform::RunProcess(
      {ffprobe_.string(), "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
       source.string()},
      {.timeout = kProbeTime,
       .limits = {.cpu_seconds = kProbeCpuSeconds, .memory_bytes = kProbeMemoryBytes},
       .sandbox = platform::SandboxRules{.readable = {source}}});
  if (run.exit_code != 0) Fail(run, "reading the video", kProbeCpuSeconds);
  json::value doc;
  try {
    doc = json::parse(run.output);
  } catch (const std::exception&) {
    throw TranscodeError("reading the video failed: ffprobe said something unreadable");
  }
  SourceInfo info;
  bool has_video = false;
  const auto* streams = doc.as_object().if_contains("streams");
  if (streams && streams->is_array()) {
    for (const auto& value : streams->as_array()) {
      const auto& s = value.as_object();
      const std::string type = StringOf(s, "codec_type");
      if (type == "video" && !has_video && StringOf(s, "codec_name") != "mjpeg" &&
          StringOf(s, "codec_name") != "png") {
        has_video = true;
        info.video_codec = StringOf(s, "codec_name");
        info.video_profile = StringOf(s, "profile");
        info.pixel_format = StringOf(s, "pix_fmt");
        info.video_level = static_cast<int>(IntOf(s, "level"));
        info.width = IntOf(s, "width");
        info.height = IntOf(s, "height");
        info.video_bitrate = IntOf(s, "bit_rate");
        info.frame_rate = RateOf(StringOf(s, "avg_frame_rate"));
        if (info.frame_rate <= 0 || info.frame_rate > 1000) {
          info.frame_rate = RateOf(StringOf(s, "r_frame_rate"));
        }
      } else if (type == "audio" && !info.has_audio) {
        info.has_audio = true;
        info.audio_codec = StringOf(s, "codec_name");
        info.audio_profile = StringOf(s, "profile");
      }
    }
  }
  if (const auto* format = doc.as_object().if_contains("format"); format && format->is_object()) {
    info.duration = std::atof(StringOf(format->as_object(), "duration").c_str());
  }
  if (!has_video || info.width <= 0 || info.height <= 0) {
    throw TranscodeError("the file has no video stream");
  }
  if (!(info.duration > 0)) throw TranscodeError("the video has no duration");
  if (info.duration > limits_.max_duration_seconds) {
    throw TranscodeError("the video is longer than " +
                         std::to_string(static_cast<int>(limits_.max_duration_seconds / 60)) +
                         " minutes");
  }
  if (info.video_codec == "h264") {
    info.keyframes = Keyframes(ffprobe_, source);
    info.max_keyframe_gap = MaxGap(info.keyframes, info.duration);
  }
  return info;
}

TranscodeOutput Transcoder::Run(const fs::path& source, const SourceInfo& info,
                                const fs::path& out_dir,
                                const std::function<bool(double)>& progress) const {
  TranscodeOutput out{.ladder = PlanLadder(info)};
  const std::int64_t cpu_seconds =
      limits_.base_cpu_seconds +
      static_cast<std::int64_t>(std::ceil(info.duration * limits_.cpu_seconds_per_second));
  auto args = FfmpegArguments(out.ladder, source, out_dir);
  args.insert(args.begin(), ffmpeg_.string());
  for (const auto& r : out.ladder.rungs) fs::create_directories(out_dir / r.Name());
  const auto run = platform::RunProcess(
      args, {.timeout = std::chrono::seconds(static_cast<std::int64_t>(cpu_seconds * kWallPerCpu)),
             .limits = {.cpu_seconds = cpu_seconds,
                        .memory_bytes = limits_.memory_bytes,
                        .file_bytes = limits_.file_bytes,
                        .nice = limits_.nice},
             .on_stdout_line =
                 [&](std::string_view line) {
                   // "out_time_us=12345678": how far into the video the slowest rung is.
                   if (!line.starts_with("out_time_us=")) return true;
                   const double seconds = std::atof(std::string(line.substr(12)).c_str()) / 1e6;
                   return progress(std::clamp(seconds / info.duration, 0.0, 1.0));
                 },
             .sandbox = platform::SandboxRules{.readable = {source}, .writable = {out_dir}}});
  if (run.stopped) throw TranscodeStopped();
  if (run.exit_code != 0) Fail(run, "converting the video", cpu_seconds);

  const auto codecs = CodecsByFolder(ReadFile(out_dir / "master.m3u8"));
  for (const auto& rung : out.ladder.rungs) {
    RungOutput r{.rung = rung, .dir = out_dir / rung.Name()};
    const MediaPlaylist playlist = ParseMediaPlaylist(ReadFile(r.dir / "index.m3u8"));
    if (!playlist.ended || playlist.segments.empty()) {
      throw TranscodeError("converting the video made an incomplete " + rung.Name() +
                           "p rendition");
    }
    std::uintmax_t total_bytes = 0;
    double peak = 0;
    for (const auto& s : playlist.segments) {
      const auto bytes = fs::file_size(r.dir / s.uri);
      total_bytes += bytes;
      if (s.duration > 0.5) peak = std::max(peak, static_cast<double>(bytes) * 8 / s.duration);
    }
    r.duration = playlist.Duration();
    const double average = static_cast<double>(total_bytes) * 8 / std::max(0.001, r.duration);
    std::string codec = codecs.contains(rung.Name()) ? codecs.at(rung.Name()) : "";
    if (codec.empty() || codec.find("avc1") == std::string::npos) {
      // FFmpeg names no codec for a copied stream: the source's own profile and level.
      const std::string video = rung.copy ? AvcCodecs(info.video_profile, info.video_level) : "";
      codec = video.empty() ? "avc1.640028" : video;
      if (out.ladder.has_audio) codec += ",mp4a.40.2";
    }
    r.variant = {.uri = rung.Name() + "/index.m3u8",
                 .bandwidth = static_cast<std::int64_t>(std::max(peak, average)),
                 .average_bandwidth = static_cast<std::int64_t>(average),
                 .width = rung.width,
                 .height = rung.pixel_height,
                 .frame_rate = out.ladder.frame_rate,
                 .codecs = codec};
    out.rungs.push_back(std::move(r));
  }
  return out;
}

}  // namespace viztube::transcoding
