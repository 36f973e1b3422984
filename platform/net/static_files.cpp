#include "platform/net/static_files.hpp"

#include <sys/stat.h>

#include <array>
#include <boost/url/pct_string_view.hpp>
#include <cstdio>

#include "platform/net/file_response.hpp"

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
    const std::string index = options.pick_index ? options.pick_index(request) : options.index;
    if (relative->empty() || relative->back() == '/') *relative += index;
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
        name = index;
        full = root / index;
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
    const bool immutable = found->name.rfind("assets/", 0) == 0;
    Response r =
        ServeFile(request,
                  {.path = found->file.path,
                   .size = found->file.size,
                   .etag = found->file.etag,
                   .content_type = ContentTypeFor(found->name),
                   .cache_control = immutable ? "public, max-age=31536000, immutable" : "no-cache"},
                  pool);
    r.AddHeader("Vary", options.pick_index && found->name == index ? "Accept-Encoding, User-Agent"
                                                                   : "Accept-Encoding");
    if (!found->encoding.empty() && r.status != 416) {
      r.AddHeader("Content-Encoding", std::string(found->encoding));
    }
    co_return r;
  };
}

}  // namespace platform::net
