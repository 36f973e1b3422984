#include "platform/auth/jwt.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

#include "platform/auth/hmac.hpp"
#include "platform/core/ids.hpp"

namespace platform::auth {

namespace {

// The one header we issue, serialized once.
constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";
// Tokens longer than this are refused before any decoding.
constexpr std::size_t kMaxTokenBytes = 8192;

std::optional<boost::json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::optional<std::int64_t> NumericClaim(const boost::json::object& claims, std::string_view name) {
  const auto* v = claims.if_contains(name);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  return std::nullopt;
}

Error Invalid(std::string reason) {
  return Error(errors::kTokenInvalid, "invalid token", {{"reason", std::move(reason)}});
}

}  // namespace

std::string SignJwt(const boost::json::object& claims, std::string_view key) {
  std::string signing_input =
      Base64UrlEncode(kHeader) + "." + Base64UrlEncode(boost::json::serialize(claims));
  const std::string signature = Base64UrlEncode(HmacSha256(signing_input, key));
  signing_input += '.';
  signing_input += signature;
  return signing_input;
}

Result<boost::json::object> VerifyJwt(std::string_view token, std::string_view key,
                                      std::int64_t now_seconds) {
  if (token.empty() || token.size() > kMaxTokenBytes) return Invalid("length");
  const auto first = token.find('.');
  const auto second = token.find('.', first == std::string_view::npos ? first : first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos ||
      token.find('.', second + 1) != std::string_view::npos) {
    return Invalid("not three parts");
  }
  const auto header_text = Base64UrlDecode(token.substr(0, first));
  const auto header = header_text ? ParseObject(*header_text) : std::nullopt;
  if (!header) return Invalid("header");
  const auto* alg = header->if_contains("alg");
  if (alg == nullptr || !alg->is_string() || alg->as_string() != "HS256")
    return Invalid("algorithm");
  if (const auto* typ = header->if_contains("typ");
      typ != nullptr && (!typ->is_string() || typ->as_string() != "JWT")) {
    return Invalid("type");
  }
  const auto signature = Base64UrlDecode(token.substr(second + 1));
  const std::string expected = HmacSha256(token.substr(0, second), key);
  if (!signature || !ConstantTimeEqual(*signature, expected)) {
    return Invalid("signature");
  }
  const auto payload_text = Base64UrlDecode(token.substr(first + 1, second - first - 1));
  auto claims = payload_text ? ParseObject(*payload_text) : std::nullopt;
  if (!claims) return Invalid("payload");
  const auto exp = NumericClaim(*claims, "exp");
  if (!exp) return Invalid("no exp");
  if (now_seconds > *exp + kJwtLeewaySeconds) {
    return Error(errors::kTokenExpired, "token expired");
  }
  if (const auto nbf = NumericClaim(*claims, "nbf");
      nbf && now_seconds + kJwtLeewaySeconds < *nbf) {
    return Invalid("not yet valid");
  }
  return std::move(*claims);
}

}  // namespace platform::auth
