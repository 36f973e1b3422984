#include "platform/app/web_apps.hpp"
#include "vizora/app/routes.hpp"

namespace vizora {

void AddWebRoutes(platform::net::Router& router, const AppContext& app) {
  const std::string not_built = platform::app::NotBuiltPage("Vizora", "/api/openapi.json");
  const auto& web = app.config.web_dir;
  platform::app::AddWebApps(router, app.blocking,
                            {{.mount = "",
                              .dist = web / "dashboard" / "dist",
                              .name = "dashboard",
                              .not_built_html = not_built},
                             {.mount = "/player",
                              .dist = web / "player" / "dist",
                              .name = "player",
                              .not_built_html = not_built,
                              // Engines before Chromium 64 lack import.meta, which the modern
                              // bundle needs (web/player/vite.config.ts builds both).
                              .legacy = {{.index = "legacy.html", .below_chromium = 64}}}});
}

}  // namespace vizora
