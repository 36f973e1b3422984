#pragma once

// Short-lived links to media (DESIGN.md "Content"): a path plus an expiry, signed with
// HMAC-SHA-256, so a client fetches a file without presenting its token to a CDN or a cache,
// and a leaked link stops working soon. The signature covers the method, the path and
// the expiry; nothing else in the URL may change what is served.

#include <cstdint>
#include <string>
#include <string_view>

namespace platform::auth {

// "PATH?expires=SECONDS&sig=BASE64URL".
std::string SignUrl(std::string_view path, std::int64_t expires_at_seconds, std::string_view key);
// True when `signature` is SignUrl's for `path` and `expires`, and `now` is not past it.
bool VerifySignedUrl(std::string_view path, std::string_view expires, std::string_view signature,
                     std::string_view key, std::int64_t now_seconds);

}  // namespace platform::auth
