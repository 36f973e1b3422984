#pragma once

// Images, videos and PDFs handled in a helper process (`media-helper`, beside the server's
// binary) instead of in the server: a product that links this instead of platform_media keeps
// libvips, FFmpeg, poppler and their ~170 libraries out of its own address space. The
// server's idle memory drops by ~25 MiB (what those libraries map), and a decoder a hostile
// file crashes, hangs or takes over harms one helper run, not the server:
// * each run has a time limit, a CPU-time limit, a memory limit and a limit on the size of
//   the files it writes, and runs at a lower priority than the server;
// * it is sandboxed (platform/core/sandbox.hpp): it reads its one input file and the
//   system's own folders, writes only in a scratch folder made for that run, and reaches no
//   network. Its output is moved out of the scratch folder when the run succeeds.
// A run costs a process start (~30 ms), paid per upload, which is already seconds of I/O.
//
// Same contracts as image.hpp, video.hpp and pdf.hpp: MediaError for a file that is not what
// it claims, damaged, over a limit, or one its decoder dies on (its message fit for the
// user); std::runtime_error when the helper itself fails. Blocking: call from worker threads.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <vector>

#include "platform/media/image.hpp"
#include "platform/media/pdf.hpp"
#include "platform/media/video.hpp"

namespace platform::media {

// What one helper run may take.
struct HelperLimits {
  std::chrono::seconds time{120};                       // wall and CPU time
  std::int64_t memory_bytes = std::int64_t{512} << 20;  // heap (not under AddressSanitizer)
  std::int64_t file_bytes = std::int64_t{256} << 20;    // the largest file it may write
};

struct PdfPages {
  int pages = 0;
  std::vector<std::filesystem::path> page_files;  // page 1 first
  std::filesystem::path thumbnail;
};

class MediaHelper {
 public:
  // `program`: the helper's path; by default `media-helper` in the running binary's folder.
  explicit MediaHelper(std::filesystem::path program = NextToThisProgram(),
                       HelperLimits limits = {});

  // Probes the image (refusing pixel bombs from its header) and writes it upright as a JPEG
  // no larger than `max_side` to `out`.
  ImageInfo WriteImageThumbnail(const std::filesystem::path& file, const std::filesystem::path& out,
                                int max_side, const ImageLimits& limits = {}) const;
  VideoInfo ProbeVideo(const std::filesystem::path& file, const VideoLimits& limits = {}) const;
  void WriteVideoPoster(const std::filesystem::path& file, const std::filesystem::path& out,
                        double at_seconds, int max_side) const;
  // Every page as a JPEG whose longer side is `page_side`, and a thumbnail of the first,
  // written in `out_dir` (an empty folder the caller made and removes).
  PdfPages RenderPdfPages(const std::filesystem::path& file, const std::filesystem::path& out_dir,
                          int page_side, int thumbnail_side, const PdfLimits& limits = {}) const;

  static std::filesystem::path NextToThisProgram();

 private:
  std::filesystem::path program_;
  HelperLimits limits_;
};

}  // namespace platform::media
