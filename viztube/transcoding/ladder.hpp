#pragma once

// The HLS ladder a source becomes (VizTube's "Upload → playable"): which rungs, at what size,
// frame rate and bitrate, which one is the source itself remuxed, and the one FFmpeg command
// that makes them all from a single decode. Pure: no files, no processes.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace viztube::transcoding {

// What ffprobe says of a source (probe.hpp).
struct SourceInfo {
  std::int64_t width = 0, height = 0;
  double frame_rate = 0;  // 0 when unknown
  double duration = 0;    // seconds
  std::string video_codec, video_profile, pixel_format;
  int video_level = 0;             // as H.264 writes it: 40 is level 4.0
  std::int64_t video_bitrate = 0;  // bits per second, 0 when unknown
  double max_keyframe_gap = 0;     // seconds; 0 when not measured
  std::vector<double> keyframes;   // when each keyframe shows, in seconds (H.264 only)
  bool has_audio = false;
  std::string audio_codec, audio_profile;
};

inline constexpr int kStandardHeights[] = {240, 360, 480, 720, 1080};
inline constexpr double kSegmentSeconds = 4;
inline constexpr double kMaxFrameRate = 60;
// Bits per pixel per frame: every rung's bitrate is pixels × frame rate × this (1080p30 gets
// 4.7 Mbit/s, 240p30 230 kbit/s).
inline constexpr double kBitsPerPixelFrame = 0.075;
inline constexpr std::int64_t kAudioBitrate = 128'000;

struct Rung {
  int height = 0;                            // the short side: 720 for 1280×720 and for 720×1280
  std::int64_t width = 0, pixel_height = 0;  // the picture as encoded
  std::int64_t video_bitrate = 0;            // target, bits per second
  bool copy = false;                         // the source's own stream, remuxed
  std::string Name() const { return std::to_string(height); }  // its folder
};

struct Ladder {
  std::vector<Rung> rungs;  // smallest first
  double frame_rate = 30;   // of every rung
  bool reduce_frame_rate = false;
  bool copy_audio = false;  // the source's AAC in every rung, else encoded once per rung
  bool has_audio = false;
  // When a rung is remuxed, its segments can only start at the source's keyframes: the first
  // one at or after every 4 s (what FFmpeg's HLS muxer cuts at). The encoded rungs get their
  // keyframes at exactly those instants, and no others, so every rung is cut alike.
  bool follow_source_keyframes = false;
  std::vector<double> cut_times;
};

Ladder PlanLadder(const SourceInfo& source);

// The instants the HLS muxer will cut a stream with these keyframes at.
std::vector<double> CutTimes(const std::vector<double>& keyframes);

// The arguments after the program's name: one decode, split into every encoded rung, each
// written as HLS (MPEG-TS segments of ~4 s, VOD playlists) to `out_dir`/<rung>/index.m3u8,
// with FFmpeg's master at `out_dir`/master.m3u8 and progress lines on stdout.
std::vector<std::string> FfmpegArguments(const Ladder& ladder, const std::filesystem::path& source,
                                         const std::filesystem::path& out_dir);

// RFC 6381 name of an H.264 stream ("avc1.640028"), from ffprobe's profile name and level;
// empty when the profile is not one HLS players take.
std::string AvcCodecs(const std::string& profile, int level);

}  // namespace viztube::transcoding
