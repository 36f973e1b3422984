#include "vizora/billing/stripe_signature.hpp"

#include <charconv>

#include "platform/auth/hmac.hpp"
#include "platform/core/ids.hpp"

namespace vizora::billing {

namespace {

bool IsLowerHex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string ExpectedMac(std::string_view payload, std::string_view secret, std::int64_t timestamp) {
  std::string signed_text = std::to_string(timestamp);
  signed_text += '.';
  signed_text += payload;
  return platform::HexEncode(platform::auth::HmacSha256(signed_text, secret));
}

}  // namespace

std::optional<StripeSignature> ParseStripeSignature(std::string_view header) {
  if (header.size() > kMaxStripeSignatureHeader) return std::nullopt;
  StripeSignature signature;
  bool has_timestamp = false;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    const std::string_view key = item.substr(0, equals);
    const std::string_view value = item.substr(equals + 1);
    if (key == "t") {
      if (has_timestamp || value.empty() || value.size() > 18) return std::nullopt;
      const auto [end, error] =
          std::from_chars(value.data(), value.data() + value.size(), signature.timestamp);
      if (error != std::errc() || end != value.data() + value.size() || signature.timestamp <= 0) {
        return std::nullopt;
      }
      has_timestamp = true;
    } else if (key == "v1") {
      if (value.size() != 64 || !IsLowerHex(value)) return std::nullopt;
      if (signature.v1.size() == kMaxStripeSignatures) return std::nullopt;
      signature.v1.emplace_back(value);
    }
  }
  if (!has_timestamp || signature.v1.empty()) return std::nullopt;
  return signature;
}

SignatureCheck VerifyStripeSignature(std::string_view header, std::string_view payload,
                                     std::span<const std::string> secrets, std::int64_t now_seconds,
                                     std::int64_t tolerance_seconds) {
  const auto signature = ParseStripeSignature(header);
  if (!signature) return SignatureCheck::kMalformed;
  // Every secret is tried against every v1 before the age is looked at, so a forged header
  // learns nothing from the answer but "no".
  bool matched = false;
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    const std::string expected = ExpectedMac(payload, secret, signature->timestamp);
    for (const auto& sent : signature->v1) {
      matched = platform::auth::ConstantTimeEqual(sent, expected) || matched;
    }
  }
  if (!matched) return SignatureCheck::kMismatch;
  const std::int64_t age = now_seconds - signature->timestamp;
  if (age > tolerance_seconds || age < -tolerance_seconds) return SignatureCheck::kStale;
  return SignatureCheck::kValid;
}

std::string SignStripePayload(std::string_view payload, std::string_view secret,
                              std::int64_t timestamp) {
  return "t=" + std::to_string(timestamp) + ",v1=" + ExpectedMac(payload, secret, timestamp);
}

}  // namespace vizora::billing
