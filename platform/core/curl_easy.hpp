#pragma once

// libcurl's easy handles and lists, owned, made the one way every user of libcurl (the S3
// client, the mail sender) makes them. Header-only: its users link PkgConfig::CURL.

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>

namespace platform::curl {

struct EasyFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using Easy = std::unique_ptr<CURL, EasyFree>;

struct ListFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using List = std::unique_ptr<curl_slist, ListFree>;

// A new easy handle. curl_global_init runs once before the first (it is not thread-safe
// itself); throws std::bad_alloc when libcurl cannot make one.
inline Easy NewEasy() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  Easy easy(curl_easy_init());
  if (!easy) throw std::bad_alloc();
  return easy;
}

// Appends `line` to `list`; throws std::bad_alloc when libcurl cannot.
inline void Append(List& list, const std::string& line) {
  curl_slist* next = curl_slist_append(list.get(), line.c_str());
  if (next == nullptr) throw std::bad_alloc();
  list.release();  // `next` is the same list, grown
  list.reset(next);
}

// A body libcurl reads from memory as it sends (an S3 PUT, a mail's DATA). `data` must outlive
// the transfer; ReadFrom hands the handle this object, so it must not move during it either.
struct Upload {
  std::string_view data;
  std::size_t sent = 0;
};
inline void ReadFrom(CURL* c, Upload& upload) {
  curl_easy_setopt(
      c, CURLOPT_READFUNCTION, +[](char* out, std::size_t size, std::size_t count, void* user) {
        auto* from = static_cast<Upload*>(user);
        const std::size_t n = std::min(size * count, from->data.size() - from->sent);
        std::copy_n(from->data.data() + from->sent, n, out);
        from->sent += n;
        return n;
      });
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
}

// Collects what the server answers into `body`, which must outlive the transfer.
inline void WriteInto(CURL* c, std::string& body) {
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION, +[](char* in, std::size_t size, std::size_t count, void* user) {
        static_cast<std::string*>(user)->append(in, size * count);
        return size * count;
      });
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
}

}  // namespace platform::curl
