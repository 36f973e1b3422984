#include <filesystem>

#include "platform/net/static_files.hpp"
#include "vizora/app/routes.hpp"

namespace vizora {

namespace net = platform::net;
using boost::asio::awaitable;

namespace {

// Shown at / until the dashboard is built into WEB/dashboard/dist.
constexpr std::string_view kNotBuiltPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vizora</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Vizora is running</h1>
<p>The web app is not built in this installation, so there is nothing to show here yet.
The API is up: see <a href="/api/openapi.json">/api/openapi.json</a>,
<a href="/healthz">/healthz</a> and <a href="/metrics">/metrics</a>.</p>
</body></html>
)";

void AddApp(net::Router& router, const AppContext& app, const std::string& mount,
            const std::filesystem::path& dist, std::string_view name) {
  net::Handler handler;
  if (std::filesystem::is_directory(dist)) {
    handler = net::StaticFiles({.root = dist, .spa_fallback = true}, app.blocking);
  } else {
    handler = [](net::Request&) -> awaitable<net::Response> {
      net::Response r =
          net::Response::Text(200, "text/html; charset=utf-8", std::string(kNotBuiltPage));
      r.AddHeader("Cache-Control", "no-cache");
      co_return r;
    };
  }
  // "/player" and "/player/…" (or "/" and "/…"): the root of the app is its index.
  const std::string root = mount.empty() ? "/" : mount;
  router.Add({.method = net::Method::kGet,
              .pattern = root,
              .handler = handler,
              .summary = std::string("The ") + std::string(name),
              .in_openapi = false});
  router.Add({.method = net::Method::kGet,
              .pattern = mount + "/{*path}",
              .handler = handler,
              .summary = std::string("The ") + std::string(name) + " (assets)",
              .in_openapi = false});
}

}  // namespace

void AddWebRoutes(net::Router& router, const AppContext& app) {
  const net::Handler not_found = [](net::Request&) -> awaitable<net::Response> {
    co_return net::Response::FromError(
        platform::Error(platform::errors::kNotFound, "no such resource"));
  };
  for (const char* prefix : {"/api/{*rest}", "/ws/{*rest}"}) {
    for (auto method : {net::Method::kGet, net::Method::kPost, net::Method::kPut,
                        net::Method::kPatch, net::Method::kDelete}) {
      router.Add({.method = method, .pattern = prefix, .handler = not_found, .in_openapi = false});
    }
  }
  AddApp(router, app, "", app.config.web_dir / "dashboard" / "dist", "dashboard");
  AddApp(router, app, "/player", app.config.web_dir / "player" / "dist", "player");
}

}  // namespace vizora
