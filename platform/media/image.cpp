#include "platform/media/image.hpp"

#include <algorithm>
#include <mutex>
#include <vector>
#include <vips/vips8>

namespace platform::media {

namespace {

constexpr int kJpegQuality = 82;

std::string& ProgramName() {
  static std::string name = "media";
  return name;
}

// libvips is initialised once per process. Loaders that are not fuzzed for hostile input
// (ImageMagick, MATLAB…) are blocked, and no decoded images are cached between jobs.
void EnsureVips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT(ProgramName().c_str()) != 0)
      throw std::runtime_error("libvips: cannot initialise");
    vips_block_untrusted_set(TRUE);
    vips_cache_set_max(0);
    vips_cache_set_max_files(0);
    // Damage is reported as a MediaError; libvips' warnings would only flood the log.
    g_log_set_handler(
        "VIPS", G_LOG_LEVEL_WARNING, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {},
        nullptr);
  });
}

bool SwapsSides(int orientation) {
  return orientation >= 5 && orientation <= 8;
}

std::string VipsMessage(const vips::VError& e) {
  std::string text = e.what();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  vips_error_clear();
  return text;
}

}  // namespace

void NameImageProgram(std::string program_name) {
  ProgramName() = std::move(program_name);
}

ImageInfo ProbeImage(const std::filesystem::path& file, const ImageLimits& limits) {
  EnsureVips();
  try {
    // Only the header is read here: the limits are checked before any pixel is decoded.
    vips::VImage image = vips::VImage::new_from_file(
        file.c_str(), vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
    std::int64_t width = image.width(), height = image.height();
    const std::int64_t frames = std::max(1, vips_image_get_n_pages(image.get_image()));
    if (width > limits.max_side || height > limits.max_side || width * height > limits.max_pixels) {
      throw MediaError("image is " + std::to_string(width) + "x" + std::to_string(height) +
                       " pixels; the limit is " + std::to_string(limits.max_pixels / 1'000'000) +
                       " megapixels and " + std::to_string(limits.max_side) + " pixels a side");
    }
    int orientation = 1;
    if (image.get_typeof(VIPS_META_ORIENTATION) != 0) {
      orientation = image.get_int(VIPS_META_ORIENTATION);
    }
    if (SwapsSides(orientation)) std::swap(width, height);
    return {width, height, frames};
  } catch (const vips::VError& e) {
    throw MediaError("not a readable image: " + VipsMessage(e));
  }
}

void WriteImageThumbnail(const std::filesystem::path& file, const std::filesystem::path& out,
                         int max_side) {
  EnsureVips();
  try {
    // Decodes every pixel (shrinking on load where the format allows), so a damaged file
    // fails here rather than in front of a viewer.
    vips::VImage thumb = vips::VImage::thumbnail(file.c_str(), max_side,
                                                 vips::VImage::option()
                                                     ->set("height", max_side)
                                                     ->set("size", VIPS_SIZE_DOWN)
                                                     ->set("fail_on", VIPS_FAIL_ON_ERROR));
    if (thumb.has_alpha()) thumb = thumb.flatten(vips::VImage::option()->set("background", 255));
    thumb.jpegsave(out.c_str(), vips::VImage::option()
                                    ->set("Q", kJpegQuality)
                                    ->set("strip", true)
                                    ->set("optimize_coding", true));
  } catch (const vips::VError& e) {
    throw MediaError("the image cannot be decoded: " + VipsMessage(e));
  }
}

void WritePixels(const unsigned char* pixels, int width, int height, int bands,
                 std::size_t row_stride, const std::filesystem::path& out, int max_side) {
  EnsureVips();
  try {
    // Packed rows for libvips (the source may pad its rows).
    std::vector<unsigned char> packed(static_cast<std::size_t>(width) * height * bands);
    const std::size_t row = static_cast<std::size_t>(width) * bands;
    for (int y = 0; y < height; ++y) {
      std::copy_n(pixels + y * row_stride, row, packed.data() + y * row);
    }
    vips::VImage image = vips::VImage::new_from_memory(packed.data(), packed.size(), width, height,
                                                       bands, VIPS_FORMAT_UCHAR);
    if (bands == 4) image = image.flatten(vips::VImage::option()->set("background", 255));
    if (max_side > 0 && (width > max_side || height > max_side)) {
      image = image.resize(static_cast<double>(max_side) / std::max(width, height));
    }
    const std::string ext = out.extension().string();
    if (ext == ".png") {
      image.pngsave(out.c_str(), vips::VImage::option()->set("compression", 6));
    } else {
      image.jpegsave(out.c_str(), vips::VImage::option()->set("Q", kJpegQuality));
    }
  } catch (const vips::VError& e) {
    throw MediaError("cannot encode the image: " + VipsMessage(e));
  }
}

}  // namespace platform::media
