#include "vizora/content/accepted_types.hpp"

#include <array>

#include "platform/core/process.hpp"

namespace vizora::content {

namespace {

constexpr std::string_view kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kPptx =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";
constexpr std::string_view kOds = "application/vnd.oasis.opendocument.spreadsheet";
constexpr std::string_view kOdp = "application/vnd.oasis.opendocument.presentation";

constexpr std::array<AcceptedType, 12> kAccepted = {{
    {"image", "image/jpeg", "jpg"},
    {"image", "image/png", "png"},
    {"image", "image/gif", "gif"},
    {"image", "image/webp", "webp"},
    {"video", "video/mp4", "mp4"},
    {"video", "video/webm", "webm"},
    {"pdf", "application/pdf", "pdf"},
    {"spreadsheet", "text/csv", "csv"},
    {"spreadsheet", kXlsx, "xlsx"},
    {"spreadsheet", kOds, "ods"},
    {"ppt", kPptx, "pptx"},
    {"ppt", kOdp, "odp"},
}};

const AcceptedType* Find(std::string_view mime) {
  for (const auto& a : kAccepted) {
    if (a.mime == mime) return &a;
  }
  return nullptr;
}

bool EndsWithCsv(std::string_view name) {
  if (name.size() < 4) return false;
  std::string tail(name.substr(name.size() - 4));
  for (char& c : tail) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return tail == ".csv";
}

}  // namespace

std::optional<AcceptedType> AcceptUpload(std::string_view sniffed_mime, std::string_view filename) {
  if (const AcceptedType* a = Find(sniffed_mime)) return *a;
  if (sniffed_mime == "text/plain" && EndsWithCsv(filename)) return *Find("text/csv");
  return std::nullopt;
}

std::string_view ServedMimeType(std::string_view mime) {
  if (const AcceptedType* a = Find(mime)) return a->mime;
  if (mime == "image/jpeg") return "image/jpeg";
  if (mime == "application/json") return "application/json";
  return "application/octet-stream";
}

std::string_view ExtensionOf(std::string_view mime) {
  if (const AcceptedType* a = Find(mime)) return a->extension;
  if (mime == "application/json") return "json";
  return "bin";
}

std::optional<std::string> MissingConverter(std::string_view mime) {
  const bool office = static_cast<bool>(platform::FindProgram("soffice"));
  if ((mime == kPptx || mime == kOdp) && !office) {
    return "Presentations need LibreOffice on the server (apt-get install libreoffice-impress); "
           "or upload the presentation as a PDF";
  }
  if (mime == kOds && !office) {
    return "OpenDocument spreadsheets need LibreOffice on the server (apt-get install "
           "libreoffice-calc); or upload the sheet as CSV";
  }
  if (mime == kXlsx && !office && !platform::FindProgram("xlsx2csv")) {
    return "Excel files need LibreOffice or xlsx2csv on the server (apt-get install "
           "libreoffice-calc or xlsx2csv); or upload the sheet as CSV";
  }
  return std::nullopt;
}

}  // namespace vizora::content
