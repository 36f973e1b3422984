#pragma once

// Video through the FFmpeg libraries: what a video is (duration, frame rate, codec,
// dimensions) and a poster frame for its thumbnail. Limits are checked from the container's
// header before anything is decoded. Blocking: run on worker threads.

#include <cstdint>
#include <filesystem>
#include <string>

#include "platform/media/image.hpp"  // MediaError

namespace platform::media {

struct VideoLimits {
  double max_duration_seconds = 24 * 3600;
  std::int64_t max_side = 8192;
};

struct VideoInfo {
  double duration_seconds = 0;
  double frame_rate = 0;
  std::string codec;      // "h264", "vp9"…
  std::string container;  // "mp4", "webm"…
  std::int64_t width = 0, height = 0;
  bool has_audio = false;
};

VideoInfo ProbeVideo(const std::filesystem::path& file, const VideoLimits& limits = {});

// A JPEG of the frame near `at_seconds` (or the first one), no larger than `max_side`.
void WriteVideoPoster(const std::filesystem::path& file, const std::filesystem::path& out,
                      double at_seconds, int max_side);

}  // namespace platform::media
