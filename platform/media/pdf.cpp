#include "platform/media/pdf.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <mutex>

namespace platform::media {

namespace {

constexpr double kPointsPerInch = 72.0;

// poppler reports damaged objects on stderr; a hostile file could flood the log with them.
void QuietPoppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

}  // namespace

PdfDocument::PdfDocument(const std::filesystem::path& file, const PdfLimits& limits) {
  QuietPoppler();
  document_.reset(poppler::document::load_from_file(file.string()));
  if (!document_) throw MediaError("not a readable PDF");
  if (document_->is_locked()) throw MediaError("the PDF is password-protected");
  pages_ = document_->pages();
  if (pages_ <= 0) throw MediaError("the PDF has no pages");
  if (pages_ > limits.max_pages) {
    throw MediaError("the PDF has " + std::to_string(pages_) + " pages; the limit is " +
                     std::to_string(limits.max_pages));
  }
  for (int i = 0; i < pages_; ++i) {
    std::unique_ptr<poppler::page> page(document_->create_page(i));
    if (!page) throw MediaError("page " + std::to_string(i + 1) + " cannot be read");
    const poppler::rectf box = page->page_rect();
    if (box.width() <= 0 || box.height() <= 0 || box.width() > limits.max_page_side_points ||
        box.height() > limits.max_page_side_points) {
      throw MediaError("page " + std::to_string(i + 1) + " has an impossible size");
    }
  }
}

PdfDocument::~PdfDocument() = default;

void PdfDocument::RenderPage(int index, const std::filesystem::path& out, int long_side) const {
  std::unique_ptr<poppler::page> page(document_->create_page(index));
  if (!page) throw MediaError("page " + std::to_string(index + 1) + " cannot be read");
  const poppler::rectf box = page->page_rect();
  // Rotated pages swap sides; the resolution only depends on the longer one.
  const double longer = std::max(box.width(), box.height());
  const double dpi = long_side * kPointsPerInch / longer;
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_rgb24);
  renderer.set_paper_color(0xffffffff);
  const poppler::image image = renderer.render_page(page.get(), dpi, dpi);
  if (!image.is_valid()) throw MediaError("page " + std::to_string(index + 1) + " cannot be drawn");
  WritePixels(reinterpret_cast<const unsigned char*>(image.const_data()), image.width(),
              image.height(), 3, static_cast<std::size_t>(image.bytes_per_row()), out);
}

}  // namespace platform::media
