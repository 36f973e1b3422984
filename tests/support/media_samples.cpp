#include "tests/support/media_samples.hpp"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>
#include <vips/vips8>

namespace testing_support {

void Run(const std::string& command) {
  std::array<char, 4096> buffer{};
  std::string output;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  if (::pclose(pipe) != 0) throw std::runtime_error("failed: " + command + "\n" + output);
}

void MakeImage(const std::filesystem::path& out, int width, int height) {
  Run("ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=" + std::to_string(width) + "x" +
      std::to_string(height) + " -frames:v 1 '" + out.string() + "'");
}

void MakeRotatedJpeg(const std::filesystem::path& out, int width, int height) {
  static const bool started = VIPS_INIT("vizora-tests") == 0;
  if (!started) throw std::runtime_error("libvips");
  const auto plain = out.string() + ".plain.jpg";
  MakeImage(plain, width, height);
  vips::VImage image = vips::VImage::new_from_file(plain.c_str()).copy();
  image.set(VIPS_META_ORIENTATION, 6);
  image.jpegsave(out.c_str());
  std::filesystem::remove(plain);
}

void MakeVideo(const std::filesystem::path& out, double seconds, int width, int height, int fps) {
  const bool webm = out.extension() == ".webm";
  Run("ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=" + std::to_string(width) + "x" +
      std::to_string(height) + ":rate=" + std::to_string(fps) +
      " -f lavfi -i sine=frequency=440 -t " + std::to_string(seconds) +
      (webm ? " -c:v libvpx -b:v 200k -c:a libvorbis"
            : " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac") +
      " '" + out.string() + "'");
}

void MakePdf(const std::filesystem::path& out, int pages) {
  // Objects: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page.
  std::vector<std::string> objects;
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (int i = 0; i < pages; ++i) {
    const std::string text = "BT /F1 96 Tf 200 400 Td (Page " + std::to_string(i + 1) + ") Tj ET";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(5 + 2 * i) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text +
                      "\nendstream");
  }
  std::ostringstream pdf;
  pdf << "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(static_cast<std::size_t>(pdf.tellp()));
    pdf << (i + 1) << " 0 obj\n" << objects[i] << "\nendobj\n";
  }
  const auto xref = pdf.tellp();
  pdf << "xref\n0 " << objects.size() + 1 << "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf << line;
  }
  pdf << "trailer\n<< /Size " << objects.size() + 1 << " /Root 1 0 R >>\nstartxref\n"
      << xref << "\n%%EOF\n";
  WriteFile(out, pdf.str());
}

std::uint32_t Crc32(std::string_view bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void MakeOfficeFile(const std::filesystem::path& out, const std::string& kind) {
  const std::vector<std::pair<std::string, std::string>> entries = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\"?><Types "
       "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
      {"_rels/.rels", "<Relationships/>"},
      {kind == "pptx" ? "ppt/presentation.xml" : "xl/workbook.xml", "<x/>"}};
  auto le = [](std::string& to, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) to += static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  std::string zip, central;
  for (const auto& [name, data] : entries) {
    const std::uint32_t offset = static_cast<std::uint32_t>(zip.size());
    const std::uint32_t crc = Crc32(data);
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto name_size = static_cast<std::uint32_t>(name.size());
    le(zip, 0x04034b50, 4), le(zip, 20, 2), le(zip, 0, 2), le(zip, 0, 2), le(zip, 0, 2);
    le(zip, 0, 2), le(zip, crc, 4), le(zip, size, 4), le(zip, size, 4), le(zip, name_size, 2);
    le(zip, 0, 2);
    zip += name + data;
    le(central, 0x02014b50, 4), le(central, 20, 2), le(central, 20, 2), le(central, 0, 2);
    le(central, 0, 2), le(central, 0, 2), le(central, 0, 2), le(central, crc, 4);
    le(central, size, 4), le(central, size, 4), le(central, name_size, 2), le(central, 0, 2);
    le(central, 0, 2), le(central, 0, 2), le(central, 0, 2), le(central, 0, 4);
    le(central, offset, 4);
    central += name;
  }
  const auto central_offset = static_cast<std::uint32_t>(zip.size());
  zip += central;
  le(zip, 0x06054b50, 4), le(zip, 0, 2), le(zip, 0, 2), le(zip, 3, 2), le(zip, 3, 2);
  le(zip, static_cast<std::uint32_t>(central.size()), 4), le(zip, central_offset, 4), le(zip, 0, 2);
  WriteFile(out, zip);
}

std::string ReadFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

}  // namespace testing_support
