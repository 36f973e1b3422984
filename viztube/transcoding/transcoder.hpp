#pragma once

// FFmpeg in a process of its own (DESIGN.md: "FFmpeg in a subprocess, decode once"): probes
// a source with ffprobe and turns it into the HLS ladder PlanLadder chose, under limits on
// CPU time, memory and file size and at a lower priority than the server, sandboxed to the
// source and its output folder with no network (platform/core/sandbox.hpp), so a crafted or
// huge file fails its own job and nothing else. Blocking: run on job runner threads.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "viztube/transcoding/ladder.hpp"
#include "viztube/transcoding/playlists.hpp"

namespace viztube::transcoding {

// The source's fault (not a video, damaged, over a limit): the job fails for good, with this
// message shown to the owner.
class TranscodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The caller asked to stop (the video was deleted).
class TranscodeStopped : public std::runtime_error {
 public:
  TranscodeStopped() : std::runtime_error("transcoding stopped") {}
};

struct TranscodeLimits {
  // CPU time, counted over every thread: a fixed allowance plus this much per second of
  // video (a 1080p ladder takes ~1 s per second here; 4K at 120 fps many times that).
  std::int64_t base_cpu_seconds = 120;
  double cpu_seconds_per_second = 20;
  std::int64_t memory_bytes = 1024LL << 20;  // heap and anonymous maps
  std::int64_t file_bytes = 256LL << 20;     // any one file it writes
  int nice = 10;
  double max_duration_seconds = 2 * 3600;
};

struct RungOutput {
  Rung rung;
  std::filesystem::path dir;  // its index.m3u8 and segments
  Variant variant;            // uri "<rung>/index.m3u8"
  double duration = 0;
};

struct TranscodeOutput {
  Ladder ladder;
  std::vector<RungOutput> rungs;  // smallest first
};

class Transcoder {
 public:
  // Finds ffmpeg and ffprobe on PATH; std::runtime_error when they are missing.
  explicit Transcoder(TranscodeLimits limits = {});

  SourceInfo Probe(const std::filesystem::path& source) const;
  // Writes the ladder to `out_dir` (which must be empty). `progress` gets the done fraction
  // now and then; returning false stops FFmpeg (TranscodeStopped).
  TranscodeOutput Run(const std::filesystem::path& source, const SourceInfo& info,
                      const std::filesystem::path& out_dir,
                      const std::function<bool(double done)>& progress) const;

  const TranscodeLimits& limits() const { return limits_; }

 private:
  std::filesystem::path ffmpeg_, ffprobe_;
  TranscodeLimits limits_;
};

}  // namespace viztube::transcoding
