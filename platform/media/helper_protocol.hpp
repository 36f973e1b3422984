#pragma once

// Between MediaHelper and the `media-helper` program: `media-helper COMMAND ARGS…` prints, as
// its last line, "result <JSON>" (exit 0) or "media-error <message>" (exit 2, the file's
// fault); anything else is the helper's own failure. Libraries may print before that line.

#include <string_view>

namespace platform::media::helper {

inline constexpr std::string_view kImageThumbnail =
    "image-thumbnail";                                            // IN OUT SIDE PIXELS MAXSIDE
inline constexpr std::string_view kProbeVideo = "probe-video";    // IN MAXSECONDS MAXSIDE
inline constexpr std::string_view kVideoPoster = "video-poster";  // IN OUT AT SIDE
// Writes OUTDIR/page-1.jpg … and OUTDIR/thumbnail.jpg; answers {"pages": N}.
inline constexpr std::string_view kPdfPages =
    "pdf-pages";  // IN OUTDIR PAGESIDE THUMBSIDE MAXPAGES MAXPOINTS
inline constexpr std::string_view kResultPrefix = "result ";
inline constexpr std::string_view kErrorPrefix = "media-error ";
inline constexpr int kMediaErrorExit = 2;

}  // namespace platform::media::helper
