// Bytes from a client, through the real server: each input is written on a fresh loopback
// connection to an HttpServer configured as in production (header, body and pace limits,
// trusted proxies, CORS, probe routes) and answered by routes of each kind: JSON fields,
// multipart, a streamed body, path parameters, static files with ranges. The harness reads
// until the server closes; a crash, a sanitizer report or a hang (libFuzzer's -timeout) is a
// finding.

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>

#include "platform/core/worker_pool.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/net/multipart.hpp"
#include "platform/net/server.hpp"
#include "platform/net/static_files.hpp"

namespace net = platform::net;
using boost::asio::awaitable;

namespace {

void AddRoutes(net::Router& router, platform::WorkerPool& pool,
               const std::filesystem::path& files) {
  router.Add({.method = net::Method::kPost,
              .pattern = "/json/{id}",
              .handler = [](net::Request& r) -> awaitable<net::Response> {
                auto body = net::ParseJsonObject(r);
                if (!body) co_return net::Response::FromError(body.error());
                auto name = net::StringField(*body, "name", {.max_bytes = 64});
                if (!name) co_return net::Response::FromError(name.error());
                auto tags = net::StringArrayField(*body, "tags", 10);
                if (!tags) co_return net::Response::FromError(tags.error());
                co_return net::Response::Json(
                    201, boost::json::object{{"id", r.PathParam("id")}, {"name", **name}});
              },
              .max_body_bytes = 4096,
              .rate_limit_per_ip = net::RateLimit::PerMinute(1'000'000)});
  router.Add({.method = net::Method::kPost,
              .pattern = "/form",
              .handler = [](net::Request& r) -> awaitable<net::Response> {
                auto boundary = net::MultipartParser::BoundaryOf(r.Header("Content-Type"));
                if (!boundary) co_return net::Response::FromError(boundary.error());
                net::MultipartParser parser(*boundary);
                std::size_t parts = 0;
                for (const auto& event : parser.Feed(r.body)) {
                  parts += event.kind == net::MultipartEvent::Kind::kPartBegin;
                }
                parser.Finish();
                co_return net::Response::Json(200, boost::json::object{{"parts", parts}});
              },
              .max_body_bytes = 8192});
  router.Add({.method = net::Method::kPut,
              .pattern = "/upload",
              .handler = [](net::Request& r) -> awaitable<net::Response> {
                std::size_t bytes = 0;
                while (auto piece = co_await r.body_stream->Next()) bytes += piece->size();
                co_return net::Response::Json(200, boost::json::object{{"bytes", bytes}});
              },
              .max_body_bytes = 1 << 20,
              .stream_body = true});
  router.Add({.method = net::Method::kGet,
              .pattern = "/who",
              .handler = [](net::Request& r) -> awaitable<net::Response> {
                co_return net::Response::Json(200, boost::json::object{{"ip", r.remote_address}});
              }});
  router.Add({.method = net::Method::kGet,
              .pattern = "/healthz",
              .handler = [](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Json(200, std::string(R"({"status":"ok"})"));
              },
              .probe = true});
  router.Add({.method = net::Method::kGet,
              .pattern = "/files/{*path}",
              .handler = net::StaticFiles({.root = files}, pool)});
}

struct Harness {
  Harness()
      : files(std::filesystem::temp_directory_path() / ("http-fuzz-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(files / "assets");
    std::ofstream(files / "index.html") << "<!doctype html><title>x</title>";
    std::ofstream(files / "assets" / "data.txt") << "0123456789abcdefghijklmnopqrstuvwxyz";
    net::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.access_log = false;
    options.header_timeout = std::chrono::milliseconds(500);
    options.idle_timeout = std::chrono::milliseconds(500);
    options.body_grace = std::chrono::milliseconds(500);
    options.body_timeout = std::chrono::milliseconds(500);
    options.drain_timeout = std::chrono::milliseconds(0);
    options.cors_origins = {"https://app.example"};
    options.trusted_proxies = net::TrustedProxies::Parse({"loopback"});
    AddRoutes(router, pool, files);
    metrics.Bind(router);
    server = std::make_unique<net::HttpServer>(options, router, metrics);
    server->Start();
    port = server->port();
  }
  ~Harness() {
    server->Stop();
    std::error_code ignored;
    std::filesystem::remove_all(files, ignored);
  }
  std::filesystem::path files;
  net::Router router;
  net::Metrics metrics;
  platform::WorkerPool pool{1};
  std::unique_ptr<net::HttpServer> server;
  std::uint16_t port = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(harness.port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval wait{.tv_sec = 3, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    std::size_t sent = 0;
    while (sent < size) {
      const auto n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
    char reply[16 * 1024];
    while (::recv(fd, reply, sizeof reply, 0) > 0) {
    }
  }
  ::close(fd);
  return 0;
}
