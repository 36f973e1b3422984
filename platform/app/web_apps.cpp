#include "platform/app/web_apps.hpp"

#include "platform/net/static_files.hpp"
#include "platform/net/user_agent.hpp"

namespace platform::app {

using boost::asio::awaitable;

namespace {

void AddWebApp(net::Router& router, WorkerPool& blocking, const WebApp& app) {
  net::Handler handler;
  if (std::filesystem::is_directory(app.dist)) {
    net::StaticFilesOptions options{.root = app.dist, .spa_fallback = true};
    if (app.legacy && std::filesystem::is_regular_file(app.dist / app.legacy->index)) {
      options.pick_index = [legacy = *app.legacy](const net::Request& request) {
        const auto chromium = net::ChromiumMajorVersion(request.Header("User-Agent"));
        return chromium && *chromium < legacy.below_chromium ? legacy.index : "index.html";
      };
    }
    handler = net::StaticFiles(std::move(options), blocking);
  } else {
    handler = [page = app.not_built_html](net::Request&) -> awaitable<net::Response> {
      net::Response r = net::Response::Text(200, "text/html; charset=utf-8", page);
      r.AddHeader("Cache-Control", "no-cache");
      co_return r;
    };
  }
  // "/player" and "/player/…" (or "/" and "/…"): the root of the app is its index.
  router.Add({.method = net::Method::kGet,
              .pattern = app.mount.empty() ? "/" : app.mount,
              .handler = handler,
              .summary = "The " + app.name,
              .in_openapi = false});
  router.Add({.method = net::Method::kGet,
              .pattern = app.mount + "/{*path}",
              .handler = handler,
              .summary = "The " + app.name + " (assets)",
              .in_openapi = false});
}

}  // namespace

void AddWebApps(net::Router& router, WorkerPool& blocking, const std::vector<WebApp>& apps,
                const std::vector<std::string>& json_prefixes) {
  const net::Handler not_found = [](net::Request&) -> awaitable<net::Response> {
    co_return net::Response::FromError(Error(errors::kNotFound, "no such resource"));
  };
  for (const auto& prefix : json_prefixes) {
    for (auto method : {net::Method::kGet, net::Method::kPost, net::Method::kPut,
                        net::Method::kPatch, net::Method::kDelete}) {
      router.Add({.method = method,
                  .pattern = prefix + "/{*rest}",
                  .handler = not_found,
                  .in_openapi = false});
    }
  }
  for (const auto& app : apps) AddWebApp(router, blocking, app);
}

std::string NotBuiltPage(std::string_view display_name, std::string_view openapi_path) {
  const std::string name(display_name);
  const std::string api(openapi_path);
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + name +
         "</title></head>\n<body style=\"font-family:system-ui;max-width:40rem;margin:4rem "
         "auto\">\n<h1>" +
         name +
         " is running</h1>\n<p>The web app is not built in this installation, so there is "
         "nothing to show here yet.\nThe API is up: see <a href=\"" +
         api + "\">" + api +
         "</a>,\n<a href=\"/healthz\">/healthz</a> and <a href=\"/metrics\">/metrics</a>.</p>\n"
         "</body></html>\n";
}

}  // namespace platform::app
