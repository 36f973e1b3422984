#pragma once

// Which files are content, judged by their bytes (libmagic), never by name or declared type
// (API.md "Content"): images jpeg/png/gif/webp, video mp4/webm, pdf, csv/xlsx, pptx.

#include <optional>
#include <string>
#include <string_view>

namespace vizora::content {

struct AcceptedType {
  std::string_view content_type;  // image, video, pdf, spreadsheet, ppt
  std::string_view mime;          // as stored and served
  std::string_view extension;     // of media URLs ("jpg")
};

// What an upload whose bytes libmagic called `sniffed_mime` becomes, or nullopt (415). Text
// that libmagic does not recognise as CSV (a single column) is a spreadsheet only when it
// is named *.csv.
std::optional<AcceptedType> AcceptUpload(std::string_view sniffed_mime, std::string_view filename);

// The stored MIME type as a literal for a response ("application/octet-stream" if unknown).
std::string_view ServedMimeType(std::string_view mime);
// The extension for media URLs of a stored MIME type ("bin" if unknown).
std::string_view ExtensionOf(std::string_view mime);

// Presentations and Excel files are converted by programs that may not be installed: what to
// install, or nullopt when this type is processed in-house or its converter is present.
std::optional<std::string> MissingConverter(std::string_view mime);

}  // namespace vizora::content
