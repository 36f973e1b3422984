#include "viztube/transcoding/ladder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace viztube::transcoding {

namespace {

// Copying the source keeps its bits: worth it unless it spends far more than its rung would.
constexpr double kMaxCopyBitrateRatio = 3;
// A remuxed rung can only cut segments at the source's keyframes.
constexpr double kMaxCopyKeyframeGap = kSegmentSeconds + 1;

std::int64_t Even(double value) {
  return std::max<std::int64_t>(2, static_cast<std::int64_t>(std::lround(value / 2)) * 2);
}

std::int64_t BitrateOf(std::int64_t width, std::int64_t height, double frame_rate) {
  return static_cast<std::int64_t>(static_cast<double>(width * height) * frame_rate *
                                   kBitsPerPixelFrame);
}

bool CanCopyVideo(const SourceInfo& s, const Rung& as_rung) {
  return s.video_codec == "h264" && s.pixel_format == "yuv420p" &&
         !AvcCodecs(s.video_profile, s.video_level).empty() && s.frame_rate > 0 &&
         s.frame_rate <= kMaxFrameRate && s.max_keyframe_gap > 0 &&
         s.max_keyframe_gap <= kMaxCopyKeyframeGap &&
         (s.video_bitrate == 0 ||
          static_cast<double>(s.video_bitrate) <=
              kMaxCopyBitrateRatio * static_cast<double>(as_rung.video_bitrate));
}

std::string Number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

}  // namespace

std::string AvcCodecs(const std::string& profile, int level) {
  std::string prefix;
  if (profile == "Constrained Baseline") {
    prefix = "avc1.42E0";
  } else if (profile == "Baseline") {
    prefix = "avc1.4200";
  } else if (profile == "Main") {
    prefix = "avc1.4D40";
  } else if (profile == "High") {
    prefix = "avc1.6400";
  } else {
    return "";
  }
  if (level <= 0 || level > 62) return "";
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", level);
  return prefix + hex;
}

std::vector<double> CutTimes(const std::vector<double>& keyframes) {
  std::vector<double> cuts;
  double next = kSegmentSeconds;
  for (const double t : keyframes) {
    if (t + 1e-6 < next) continue;
    cuts.push_back(t);
    next += kSegmentSeconds;  // FFmpeg's target moves one segment per cut, however late it was
  }
  return cuts;
}

Ladder PlanLadder(const SourceInfo& s) {
  Ladder ladder;
  const double source_rate = s.frame_rate > 0 ? s.frame_rate : 30;
  // 120 fps becomes 60, 90 becomes 45: whole divisions, so no frame is invented.
  const double divisor = std::ceil(source_rate / kMaxFrameRate - 1e-9);
  ladder.frame_rate = source_rate / std::max(1.0, divisor);
  ladder.reduce_frame_rate = divisor > 1;
  ladder.has_audio = s.has_audio;
  ladder.copy_audio = s.has_audio && s.audio_codec == "aac" && s.audio_profile == "LC";

  const bool landscape = s.width >= s.height;
  const std::int64_t short_side = std::max<std::int64_t>(2, std::min(s.width, s.height));
  const std::int64_t long_side = std::max<std::int64_t>(2, std::max(s.width, s.height));
  const auto rung_of = [&](int height) {
    const std::int64_t other =
        Even(static_cast<double>(long_side) * height / static_cast<double>(short_side));
    Rung r{.height = height};
    r.width = landscape ? other : height;
    r.pixel_height = landscape ? height : other;
    r.video_bitrate = BitrateOf(r.width, r.pixel_height, ladder.frame_rate);
    return r;
  };
  for (const int h : kStandardHeights) {
    if (h <= short_side) ladder.rungs.push_back(rung_of(h));
  }
  // A source smaller than the smallest rung still gets one rung: its own size.
  if (ladder.rungs.empty()) ladder.rungs.push_back(rung_of(static_cast<int>(Even(short_side))));

  // The source itself as the top rung, when it is H.264 a player takes as it is.
  if (short_side <= kStandardHeights[std::size(kStandardHeights) - 1] &&
      !ladder.reduce_frame_rate && s.width % 2 == 0 && s.height % 2 == 0) {
    Rung own{.height = static_cast<int>(short_side), .width = s.width, .pixel_height = s.height};
    own.video_bitrate = BitrateOf(s.width, s.height, ladder.frame_rate);
    if (CanCopyVideo(s, own)) {
      own.copy = true;
      if (s.video_bitrate > 0) own.video_bitrate = s.video_bitrate;
      if (ladder.rungs.back().height == own.height) ladder.rungs.pop_back();
      ladder.rungs.push_back(own);
      ladder.follow_source_keyframes = true;
      ladder.cut_times = CutTimes(s.keyframes);
    }
  }
  return ladder;
}

std::vector<std::string> FfmpegArguments(const Ladder& ladder, const std::filesystem::path& source,
                                         const std::filesystem::path& out_dir) {
  std::vector<std::string> a = {"-hide_banner", "-nostdin", "-loglevel", "error", "-nostats",
                                "-progress",    "pipe:1",   "-y",        "-i",    source.string()};
  // One decode: the video is split once into the rungs that are encoded; audio likewise.
  std::size_t encoded = 0;
  for (const auto& r : ladder.rungs) encoded += r.copy ? 0 : 1;
  std::string graph;
  if (encoded > 0) {
    graph = "[0:v:0]";
    if (ladder.reduce_frame_rate) graph += "fps=" + Number(ladder.frame_rate) + ",";
    graph += "split=" + std::to_string(encoded);
    for (std::size_t i = 0; i < encoded; ++i) graph += "[s" + std::to_string(i) + "]";
    std::size_t i = 0;
    for (const auto& r : ladder.rungs) {
      if (r.copy) continue;
      graph += ";[s" + std::to_string(i) + "]scale=" + std::to_string(r.width) + ":" +
               std::to_string(r.pixel_height) + ",setsar=1[v" + r.Name() + "]";
      ++i;
    }
  }
  const bool encode_audio = ladder.has_audio && !ladder.copy_audio;
  if (encode_audio) {
    graph += std::string(graph.empty() ? "" : ";") +
             "[0:a:0]asplit=" + std::to_string(ladder.rungs.size());
    for (const auto& r : ladder.rungs) graph += "[a" + r.Name() + "]";
  }
  if (!graph.empty()) a.insert(a.end(), {"-filter_complex", graph});

  // Where the encoded rungs put keyframes: at the remuxed rung's cuts, else every 4 s. Times
  // are rounded down to the millisecond, so each still names its own frame (the first at or
  // after it).
  std::string keyframes;
  if (ladder.follow_source_keyframes) {
    for (const double t : ladder.cut_times) {
      keyframes += (keyframes.empty() ? "" : ",") + Number(std::floor(t * 1000) / 1000);
    }
    if (keyframes.empty()) keyframes = "0";
  } else {
    keyframes = "expr:gte(t,n_forced*" + Number(kSegmentSeconds) + ")";
  }
  std::string stream_map;
  for (std::size_t i = 0; i < ladder.rungs.size(); ++i) {
    const Rung& r = ladder.rungs[i];
    const std::string v = std::to_string(i);
    a.insert(a.end(), {"-map", r.copy ? "0:v:0" : "[v" + r.Name() + "]"});
    if (ladder.has_audio)
      a.insert(a.end(), {"-map", encode_audio ? "[a" + r.Name() + "]" : "0:a:0"});
    if (r.copy) {
      a.insert(a.end(), {"-c:v:" + v, "copy"});
    } else {
      const std::string rate = std::to_string(r.video_bitrate);
      a.insert(a.end(),
               {"-c:v:" + v, "libx264", "-preset:v:" + v, "veryfast", "-profile:v:" + v, "high",
                "-pix_fmt:v:" + v, "yuv420p", "-b:v:" + v, rate, "-maxrate:v:" + v,
                std::to_string(r.video_bitrate * 11 / 10), "-bufsize:v:" + v,
                std::to_string(r.video_bitrate * 2), "-force_key_frames:v:" + v, keyframes});
    }
    if (ladder.has_audio) {
      if (ladder.copy_audio) {
        a.insert(a.end(), {"-c:a:" + v, "copy"});
      } else {
        a.insert(a.end(), {"-c:a:" + v, "aac", "-b:a:" + v, std::to_string(kAudioBitrate),
                           "-ac:a:" + v, "2"});
      }
    }
    stream_map += (i ? " " : "") + std::string("v:") + v + (ladder.has_audio ? ",a:" + v : "") +
                  ",name:" + r.Name();
  }
  // Scene cuts would add keyframes of their own in one rung and not another.
  a.insert(a.end(), {"-sc_threshold", "0"});
  a.insert(a.end(), {"-f", "hls", "-hls_time", Number(kSegmentSeconds), "-hls_playlist_type", "vod",
                     "-hls_flags", "independent_segments", "-hls_segment_type", "mpegts",
                     "-hls_segment_filename", (out_dir / "%v" / "seg%05d.ts").string(),
                     "-master_pl_name", "master.m3u8", "-var_stream_map", stream_map,
                     (out_dir / "%v" / "index.m3u8").string()});
  return a;
}

}  // namespace viztube::transcoding
