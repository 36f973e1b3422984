#pragma once

// PDF through poppler-cpp: page count and pages rendered as images (a PDF can then be shown
// as a sequence of page images). Encrypted files, too many pages and absurd page sizes are refused
// with a reason. Blocking: run on worker threads. One document per thread.

#include <cstdint>
#include <filesystem>
#include <memory>

#include "platform/media/image.hpp"  // MediaError

namespace poppler {
class document;
}

namespace platform::media {

struct PdfLimits {
  int max_pages = 500;
  double max_page_side_points = 14'400;  // 200 inches, the PDF specification's own limit
};

class PdfDocument {
 public:
  // Throws MediaError when it is not a readable PDF or is over a limit.
  explicit PdfDocument(const std::filesystem::path& file, const PdfLimits& limits = {});
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  int pages() const { return pages_; }
  // Page `index` (from 0) rendered so its longer side is `long_side` pixels, as JPEG or PNG
  // by `out`'s extension.
  void RenderPage(int index, const std::filesystem::path& out, int long_side) const;

 private:
  std::unique_ptr<poppler::document> document_;
  int pages_ = 0;
};

}  // namespace platform::media
