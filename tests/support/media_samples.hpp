#pragma once

// Real media files made for the tests: images and videos by the FFmpeg command line (as a
// customer's files would be made), PDFs written out by hand, EXIF orientation set by libvips.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace testing_support {

// Runs a shell command; throws with its output when it fails.
void Run(const std::string& command);

// A JPEG (or PNG/GIF/WebP by extension) of a test pattern.
void MakeImage(const std::filesystem::path& out, int width, int height);
// A JPEG whose pixels are stored `width`×`height` but whose EXIF orientation is 6 (shown
// rotated 90°, so `height`×`width`).
void MakeRotatedJpeg(const std::filesystem::path& out, int width, int height);
// An MP4 (H.264) or WebM (VP8) by extension, with a sine tone.
void MakeVideo(const std::filesystem::path& out, double seconds, int width, int height,
               int fps = 25);
// A valid PDF of `pages` A4 pages, each with its number written on it.
void MakePdf(const std::filesystem::path& out, int pages);

// A minimal Office Open XML package ("pptx" or "xlsx"): what libmagic recognises as one,
// not a document LibreOffice could render.
void MakeOfficeFile(const std::filesystem::path& out, const std::string& kind);
// CRC-32 (zip, PNG).
std::uint32_t Crc32(std::string_view bytes);

std::string ReadFile(const std::filesystem::path& file);
void WriteFile(const std::filesystem::path& file, const std::string& bytes);

}  // namespace testing_support
