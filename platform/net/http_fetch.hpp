#pragma once

// Fetching a URL on a user's behalf (data feeds), guarded against server-side request forgery:
// http and https only; the host is resolved here and every address is judged by the address
// policy before a connection is made (and again after each redirect), so a name that points
// at 127.0.0.1 or the cloud metadata service is refused; the body is limited in size and the
// whole exchange in time. HTTPS verifies the certificate and the host name.
//
// Blocking (it runs its own event loop for the call): use it on worker threads only.

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace platform::net {

class FetchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FetchOptions {
  std::size_t max_body_bytes = 5 << 20;
  std::chrono::milliseconds timeout{10'000};  // the whole exchange, redirects included
  int max_redirects = 3;
  // Loopback and private addresses too (trusted networks). Metadata, multicast and
  // unspecified addresses are refused all the same.
  bool allow_private_addresses = false;
  std::string user_agent;  // the product's ("Shop/1.0 (+feeds)"); none sent when empty
  std::string accept = "*/*";
};

struct FetchResult {
  int status = 0;
  std::string content_type;
  std::string body;
  std::string final_url;  // after redirects
};

// Throws FetchError with a reason fit for the user ("address 10.0.0.5 is private").
FetchResult Fetch(const std::string& url, const FetchOptions& options = {});

}  // namespace platform::net
