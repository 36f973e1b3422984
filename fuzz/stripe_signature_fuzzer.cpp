// Stripe-Signature on whatever reaches the webhook (stripe_signature.hpp). Each input is the
// header, a newline, then the body. Besides crashes and sanitizer reports, a finding is a
// broken promise:
// * a parsed header has one positive timestamp and 1..kMaxStripeSignatures v1 of 64 lower-case
//   hex digits;
// * "valid" only when one of its v1 is the MAC of "t.body" under a secret we hold, and the
//   timestamp is within the tolerance;
// * what SignStripePayload writes for the input's body and timestamp verifies, parses back to
//   that timestamp, and stops verifying when the body changes by a byte or the secret differs.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "vizora/billing/stripe_signature.hpp"

using vizora::billing::ParseStripeSignature;
using vizora::billing::SignatureCheck;
using vizora::billing::SignStripePayload;
using vizora::billing::VerifyStripeSignature;

namespace {

const std::array<std::string, 2> kSecrets{"whsec_fuzz_old", "whsec_fuzz_new"};
constexpr std::int64_t kNow = 1'790'000'000;

// The v1 that `secret` gives `body` at `timestamp` ("t=…,v1=" is cut off).
std::string MacOf(std::string_view body, const std::string& secret, std::int64_t timestamp) {
  const std::string header = SignStripePayload(body, secret, timestamp);
  return header.substr(header.find(",v1=") + 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view header = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

  const auto parsed = ParseStripeSignature(header);
  if (parsed) {
    if (parsed->timestamp <= 0 || parsed->v1.empty() ||
        parsed->v1.size() > vizora::billing::kMaxStripeSignatures) {
      __builtin_trap();
    }
    for (const auto& mac : parsed->v1) {
      if (mac.size() != 64 || mac.find_first_not_of("0123456789abcdef") != std::string::npos) {
        __builtin_trap();
      }
    }
  }
  const SignatureCheck check = VerifyStripeSignature(header, body, kSecrets, kNow);
  if ((check == SignatureCheck::kMalformed) != !parsed) __builtin_trap();
  if (check == SignatureCheck::kValid) {
    const std::int64_t age = kNow - parsed->timestamp;
    if (age > 300 || age < -300) __builtin_trap();
    bool genuine = false;
    for (const auto& secret : kSecrets) {
      const std::string mac = MacOf(body, secret, parsed->timestamp);
      for (const auto& sent : parsed->v1) genuine = genuine || sent == mac;
    }
    if (!genuine) __builtin_trap();
  }

  // Signing round trip, at a timestamp the input chooses within the window.
  const std::int64_t timestamp = kNow - 300 + static_cast<std::int64_t>(size % 601);
  const std::string signed_header = SignStripePayload(body, kSecrets[1], timestamp);
  const auto reparsed = ParseStripeSignature(signed_header);
  if (!reparsed || reparsed->timestamp != timestamp || reparsed->v1.size() != 1) __builtin_trap();
  if (VerifyStripeSignature(signed_header, body, kSecrets, kNow) != SignatureCheck::kValid) {
    __builtin_trap();
  }
  std::string changed(body);
  if (changed.empty()) {
    changed = "x";
  } else {
    changed[size % changed.size()] ^= 1;
  }
  if (VerifyStripeSignature(signed_header, changed, kSecrets, kNow) != SignatureCheck::kMismatch) {
    __builtin_trap();
  }
  const std::array<std::string, 1> stranger{"whsec_someone_else"};
  if (VerifyStripeSignature(signed_header, body, stranger, kNow) != SignatureCheck::kMismatch) {
    __builtin_trap();
  }
  return 0;
}
