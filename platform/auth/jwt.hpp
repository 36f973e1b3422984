#pragma once

// HS256 JSON Web Tokens. Verification is strict, because libjwt 1.10 is not (TOOLCHAIN.md):
// the header must say alg HS256 (so "none" and RS/HS confusion are refused), the signature is
// compared in constant time, "exp" is required and checked, "nbf" checked when present.

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "platform/core/error.hpp"

namespace platform::auth {

namespace errors {
inline constexpr ErrorKind kTokenInvalid{"AUTH_002", 401};
inline constexpr ErrorKind kTokenExpired{"AUTH_003", 401};
}  // namespace errors

// Clock skew tolerated on exp and nbf, in seconds.
inline constexpr std::int64_t kJwtLeewaySeconds = 30;

std::string SignJwt(const boost::json::object& claims, std::string_view key);
// The claims, or kTokenInvalid / kTokenExpired. `now` in epoch seconds.
Result<boost::json::object> VerifyJwt(std::string_view token, std::string_view key,
                                      std::int64_t now_seconds);

}  // namespace platform::auth
