#include "vizora/devices/pairing_code.hpp"

#include <qrencode.h>
#include <sodium.h>

#include <memory>
#include <stdexcept>

namespace vizora::devices {

namespace {

// Modules of quiet zone around the symbol, as the QR standard asks.
constexpr int kQuietZone = 4;

std::string Base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

}  // namespace

std::string NewPairingCode() {
  std::string code(kPairingCodeLength, ' ');
  // 32 symbols: uniform without rejection sampling.
  for (auto& c : code) c = kPairingAlphabet[randombytes_uniform(kPairingAlphabet.size())];
  return code;
}

std::optional<std::string> NormalizePairingCode(std::string_view text) {
  if (text.size() != kPairingCodeLength) return std::nullopt;
  std::string code(text);
  for (auto& c : code) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kPairingAlphabet.find(c) == std::string_view::npos) return std::nullopt;
  }
  return code;
}

std::string QrCodeDataUrl(std::string_view text) {
  const std::string input(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!qr) throw std::runtime_error("qrencode failed");
  const int size = qr->width + 2 * kQuietZone;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) {
      if (qr->data[y * qr->width + x] & 1) {  // bit 0: a dark module
        svg += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) +
               "h1v1h-1z";
      }
    }
  }
  svg += "\"/></svg>";
  return "data:image/svg+xml;base64," + Base64(svg);
}

}  // namespace vizora::devices
