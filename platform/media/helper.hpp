#pragma once

// Images and videos handled in a helper process (`media-helper`, beside the server's binary)
// instead of in the server: a product that links this instead of platform_media keeps
// libvips, FFmpeg and their ~170 libraries out of its own address space. The server's idle
// memory drops by ~25 MiB (what those libraries map), and a decoder that crashes or hangs
// on a hostile file takes down one helper run, not the server. A run costs a process start
// (~30 ms), paid per upload, which is already seconds of I/O.
//
// Same contracts as image.hpp and video.hpp: MediaError for a file that is not what it
// claims, damaged or over a limit (its message fit for the user); std::runtime_error when
// the helper itself fails. Blocking: call from worker threads.

#include <chrono>
#include <filesystem>

#include "platform/media/image.hpp"
#include "platform/media/video.hpp"

namespace platform::media {

class MediaHelper {
 public:
  // `program`: the helper's path; by default `media-helper` in the running binary's folder.
  explicit MediaHelper(std::filesystem::path program = NextToThisProgram());

  // Probes the image (refusing pixel bombs from its header) and writes it upright as a JPEG
  // no larger than `max_side` to `out`.
  ImageInfo WriteImageThumbnail(const std::filesystem::path& file, const std::filesystem::path& out,
                                int max_side, const ImageLimits& limits = {}) const;
  VideoInfo ProbeVideo(const std::filesystem::path& file, const VideoLimits& limits = {}) const;
  void WriteVideoPoster(const std::filesystem::path& file, const std::filesystem::path& out,
                        double at_seconds, int max_side) const;

  static std::filesystem::path NextToThisProgram();

 private:
  std::filesystem::path program_;
};

}  // namespace platform::media
