#pragma once

// Still images through libvips: what an image is (dimensions as shown, after its EXIF
// orientation) and its thumbnail. Decompression bombs are refused from the header, before a
// pixel is decoded; corrupt files fail with a reason. Blocking: run on worker threads.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace platform::media {

// A file that is not what it claims, is damaged, or is over a limit. The message is fit for
// the user ("image is 30000×30000 pixels; the limit is 100 megapixels").
class MediaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The program name libvips reports itself under; call before the first image is touched
// (libvips starts once per process, on first use).
void NameImageProgram(std::string program_name);

struct ImageLimits {
  std::int64_t max_pixels = 100'000'000;  // width × height
  std::int64_t max_side = 30'000;
};

struct ImageInfo {
  std::int64_t width = 0, height = 0;  // as displayed (EXIF orientation applied)
  std::int64_t frames = 1;             // animated GIF/WebP
};

ImageInfo ProbeImage(const std::filesystem::path& file, const ImageLimits& limits = {});

// A JPEG no larger than `max_side` on either side, upright, written to `out`.
void WriteImageThumbnail(const std::filesystem::path& file, const std::filesystem::path& out,
                         int max_side);

// Encodes packed 8-bit pixels (3 bands RGB or 4 bands RGBA/BGRA-as-given) as a JPEG or PNG
// (by `out`'s extension), scaled down to fit `max_side` when it is not 0.
void WritePixels(const unsigned char* pixels, int width, int height, int bands,
                 std::size_t row_stride, const std::filesystem::path& out, int max_side = 0);

}  // namespace platform::media
