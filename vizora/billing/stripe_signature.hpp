#pragma once

// Stripe-Signature, the header that proves a webhook came from Stripe (Stripe's "Check the
// webhook signatures"): `t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=…][,v0=…]`, the MAC taken
// over "<t>.<raw body>" with the endpoint's signing secret. Stripe sends several v1 while a
// secret is being rolled, and we may hold several secrets while we roll ours: a header is
// good when any v1 matches any secret. The timestamp must be within the tolerance of now,
// either way, so a captured request cannot be replayed later (event ids catch replays
// within the window). v0 and unknown keys are ignored, as Stripe's own libraries do.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vizora::billing {

struct StripeSignature {
  std::int64_t timestamp = 0;   // unix seconds
  std::vector<std::string> v1;  // each 64 lower-case hex digits
};

// Headers longer than this, or with more v1 than kMaxStripeSignatures, are malformed: Stripe
// sends one or two.
inline constexpr std::size_t kMaxStripeSignatureHeader = 4096;
inline constexpr std::size_t kMaxStripeSignatures = 8;
inline constexpr std::int64_t kStripeToleranceSeconds = 300;

// nullopt unless the header has exactly one t (decimal, positive) and at least one v1.
std::optional<StripeSignature> ParseStripeSignature(std::string_view header);

enum class SignatureCheck { kValid, kMalformed, kStale, kMismatch };

SignatureCheck VerifyStripeSignature(std::string_view header, std::string_view payload,
                                     std::span<const std::string> secrets, std::int64_t now_seconds,
                                     std::int64_t tolerance_seconds = kStripeToleranceSeconds);

// "t=<timestamp>,v1=<MAC>", as Stripe signs: for the fuzz harness's oracle and unit tests.
// The black-box tests sign with Stripe's own npm package instead.
std::string SignStripePayload(std::string_view payload, std::string_view secret,
                              std::int64_t timestamp);

}  // namespace vizora::billing
