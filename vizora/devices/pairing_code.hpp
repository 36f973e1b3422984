#pragma once

// Pairing codes as a person reads them off a TV across a room: 6 characters from an alphabet
// without the look-alikes 0/O and 1/I (32 symbols, ~10^9 codes), and the QR code that opens
// the dashboard with the code filled in.

#include <optional>
#include <string>
#include <string_view>

namespace vizora::devices {

inline constexpr std::string_view kPairingAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
inline constexpr std::size_t kPairingCodeLength = 6;

std::string NewPairingCode();
// Upper-cased and checked against the alphabet; nullopt when it cannot be a code.
std::optional<std::string> NormalizePairingCode(std::string_view text);
// A data:image/svg+xml URL of a QR code encoding `text`.
std::string QrCodeDataUrl(std::string_view text);

}  // namespace vizora::devices
