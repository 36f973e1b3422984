// Bytes from a client, through the real server: each input is written on a fresh loopback
// connection to an HttpServer configured as in production (header, body and pace limits,
// trusted proxies, CORS, probe routes) and answered by routes of each kind: JSON fields,
// multipart, a streamed body, path parameters, static files with ranges. The harness reads
// until the server closes; a crash, a sanitizer report or a hang (libFuzzer's -timeout) is a
// finding.

#include <unistd.h>

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>

#include "fuzz/loopback_server.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/net/json_fields.hpp"
#include "platform/net/multipart.hpp"
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
    net::ServerOptions options = fuzzing::QuickServerOptions();
    options.cors_origins = {"https://app.example"};
    options.trusted_proxies = net::TrustedProxies::Parse({"loopback"});
    AddRoutes(loopback.router, pool, files);
    loopback.Start(options);
  }
  ~Harness() {
    std::error_code ignored;
    std::filesystem::remove_all(files, ignored);
  }
  std::filesystem::path files;
  platform::WorkerPool pool{1};
  fuzzing::LoopbackServer loopback;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  fuzzing::Connection connection(harness.loopback.port);
  if (connection.ok()) {
    connection.Send(std::string_view(reinterpret_cast<const char*>(data), size));
    connection.FinishAndDrain();
  }
  return 0;
}
