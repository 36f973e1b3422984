#pragma once

// What a file is, decided by its bytes (libmagic), never by its name or a declared MIME type:
// an upload named "photo.png" that is really HTML is HTML.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace platform::media {

// The MIME type libmagic sees in the file ("image/png", "application/pdf", "text/plain"…);
// "application/octet-stream" when it cannot tell. Blocks on the file: run it on a worker pool.
// Throws std::runtime_error when libmagic cannot be loaded or the file cannot be read.
std::string SniffMimeType(const std::filesystem::path& file);
// The same for the first bytes of a file (an upload is judged by its head as it arrives, so a
// wrong type is refused before the rest is read). kSniffBytes are enough for every type we accept.
std::string SniffMimeTypeOfBytes(std::string_view head);
inline constexpr std::size_t kSniffBytes = 64 * 1024;

}  // namespace platform::media
