#include "platform/net/static_files.hpp"

#include <sys/stat.h>

#include <array>
#include <boost/url/pct_string_view.hpp>
#include <cstdio>
#include <fstream>

namespace platform::net {

namespace fs = std::filesystem;

namespace {

struct FileInfo {
  fs::path path;
  std::uintmax_t size = 0;
  std::string etag;
};

struct Encoding {
  std::string_view token;   // as in Accept-Encoding
  std::string_view suffix;  // file extension of the precompressed sibling
};
constexpr std::array<Encoding, 2> kEncodings = {{{"br", ".br"}, {"gzip", ".gz"}}};

std::optional<FileInfo> Stat(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%llx-%llx\"", static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ull +
                    static_cast<unsigned long long>(st.st_mtim.tv_nsec));
  return FileInfo{path, static_cast<std::uintmax_t>(st.st_size), etag};
}

// The decoded relative path, or nullopt when it is not a plain path inside the root.
std::optional<std::string> SafeRelativePath(std::string_view raw) {
  auto pct = boost::urls::make_pct_string_view(raw);
  if (!pct) return std::nullopt;
  std::string decoded = pct->decode();
  if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos ||
      (!decoded.empty() && decoded.front() == '/')) {
    return std::nullopt;
  }
  std::string_view rest = decoded;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "." || segment == ".." || (segment.empty() && slash != std::string_view::npos)) {
      return std::nullopt;
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return decoded;
}

bool Accepts(std::string_view accept_encoding, std::string_view token) {
  std::size_t pos = 0;
  while ((pos = accept_encoding.find(token, pos)) != std::string_view::npos) {
    const bool starts =
        pos == 0 || accept_encoding[pos - 1] == ' ' || accept_encoding[pos - 1] == ',';
    const std::string_view after = accept_encoding.substr(pos + token.size());
    const bool ends =
        after.empty() || after.front() == ',' || after.front() == ';' || after.front() == ' ';
    if (starts && ends) {
      const std::string_view params = after.substr(0, after.find(','));
      return params.find("q=0") == std::string_view::npos ||
             params.find("q=0.") != std::string_view::npos;
    }
    pos += token.size();
  }
  return false;
}

bool EtagMatches(std::string_view if_none_match, std::string_view etag) {
  return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
}

struct ByteRange {
  std::uintmax_t first, last;  // inclusive
};
enum class RangeParse { kNone, kOk, kUnsatisfiable };

// RFC 9110 §14.1.2, a single range; anything else (several ranges, bad syntax) is ignored
// and the whole file is sent, which the RFC allows.
RangeParse ParseRange(std::string_view header, std::uintmax_t size, ByteRange& out) {
  constexpr std::string_view kPrefix = "bytes=";
  if (header.substr(0, kPrefix.size()) != kPrefix) return RangeParse::kNone;
  header.remove_prefix(kPrefix.size());
  if (header.find(',') != std::string_view::npos) return RangeParse::kNone;
  const auto dash = header.find('-');
  if (dash == std::string_view::npos) return RangeParse::kNone;
  auto number = [](std::string_view s, std::uintmax_t& v) {
    if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string_view::npos) {
      return false;
    }
    v = std::stoull(std::string(s));
    return true;
  };
  std::uintmax_t a = 0, b = 0;
  const std::string_view left = header.substr(0, dash), right = header.substr(dash + 1);
  if (left.empty()) {  // suffix: the last b bytes
    if (!number(right, b)) return RangeParse::kNone;
    if (b == 0 || size == 0) return RangeParse::kUnsatisfiable;
    out = {size - std::min(b, size), size - 1};
    return RangeParse::kOk;
  }
  if (!number(left, a)) return RangeParse::kNone;
  if (right.empty()) {
    b = size == 0 ? 0 : size - 1;
  } else if (!number(right, b) || b < a) {
    return RangeParse::kNone;
  }
  if (a >= size) return RangeParse::kUnsatisfiable;
  out = {a, std::min(b, size - 1)};
  return RangeParse::kOk;
}

std::string ReadSlice(const fs::path& path, std::uintmax_t offset, std::uintmax_t length) {
  std::ifstream in(path, std::ios::binary);
  std::string data(length, '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(data.data(), static_cast<std::streamsize>(length));
  data.resize(static_cast<std::size_t>(in.gcount()));
  return data;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".mp4", "video/mp4"},
      {".webm", "video/webm"},
      {".pdf", "application/pdf"},
      {".wasm", "application/wasm"},
      {".xml", "application/xml"},
  }};
  const auto dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view ext = name.substr(dot);
    for (const auto& [e, type] : kTypes) {
      if (e == ext) return type;
    }
  }
  return "application/octet-stream";
}

Handler StaticFiles(StaticFilesOptions options, WorkerPool& pool) {
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(options.root, ec);
  return [root, options = std::move(options),
          &pool](Request& request) -> boost::asio::awaitable<Response> {
    const auto not_found = [] {
      return Response::FromError(Error(errors::kNotFound, "no such file"));
    };
    auto relative = SafeRelativePath(request.PathParam("path"));
    if (!relative) co_return not_found();
    if (relative->empty() || relative->back() == '/') *relative += options.index;
    const std::string accept_encoding(request.Header("Accept-Encoding"));
    const bool ranged = !request.Header("Range").empty();

    struct Found {
      FileInfo file;
      std::string_view encoding;
      std::string name;
    };
    // All file-system work happens on the pool, off the event loop.
    std::optional<Found> found = co_await pool.Call([&]() -> std::optional<Found> {
      fs::path full = root / *relative;
      std::string name = *relative;
      auto info = Stat(full);
      if (!info && options.spa_fallback &&
          fs::path(*relative).filename().string().find('.') == std::string::npos) {
        name = options.index;
        full = root / options.index;
        info = Stat(full);
      }
      if (!info) return std::nullopt;
      std::error_code canon_ec;
      const fs::path real = fs::canonical(full, canon_ec);
      const auto [r, _] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
      if (canon_ec || r != root.end()) return std::nullopt;  // a symlink out of the root
      if (!ranged) {
        for (const auto& enc : kEncodings) {
          if (!Accepts(accept_encoding, enc.token)) continue;
          if (auto variant = Stat(fs::path(full.string() + std::string(enc.suffix)))) {
            variant->etag.insert(variant->etag.size() - 1, "-" + std::string(enc.token));
            return Found{*variant, enc.token, name};
          }
        }
      }
      return Found{*info, {}, name};
    });
    if (!found) co_return not_found();
    if (found->file.size > options.max_file_bytes) {
      co_return Response::FromError(Error(errors::kPayloadTooLarge, "file too large to serve"));
    }

    Response r;
    r.content_type = ContentTypeFor(found->name);
    const bool immutable = found->name.rfind("assets/", 0) == 0;
    r.AddHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    r.AddHeader("ETag", found->file.etag);
    r.AddHeader("Accept-Ranges", "bytes");
    r.AddHeader("Vary", "Accept-Encoding");
    if (!found->encoding.empty()) r.AddHeader("Content-Encoding", std::string(found->encoding));

    const std::string_view if_none_match = request.Header("If-None-Match");
    if (!if_none_match.empty() && EtagMatches(if_none_match, found->file.etag)) {
      r.status = 304;
      r.content_type = {};
      co_return r;
    }
    std::uintmax_t offset = 0, length = found->file.size;
    ByteRange range{};
    switch (ParseRange(request.Header("Range"), found->file.size, range)) {
      case RangeParse::kUnsatisfiable: {
        Response bad = Response::FromError(Error(
            errors::kRangeNotSatisfiable, "range not satisfiable", {{"size", found->file.size}}));
        bad.AddHeader("Content-Range", "bytes */" + std::to_string(found->file.size));
        co_return bad;
      }
      case RangeParse::kOk:
        offset = range.first;
        length = range.last - range.first + 1;
        r.status = 206;
        r.AddHeader("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                         std::to_string(range.last) + "/" +
                                         std::to_string(found->file.size));
        break;
      case RangeParse::kNone:
        break;
    }
    if (request.method == Method::kHead) {
      r.head_content_length = length;  // not read: only its size is sent
    } else {
      const fs::path path = found->file.path;
      r.body = co_await pool.Call([&] { return ReadSlice(path, offset, length); });
    }
    co_return r;
  };
}

}  // namespace platform::net
