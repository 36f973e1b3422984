#pragma once

// A server hosting its own web apps: each built app (Vite's dist/) is mounted at a path and
// answers its client-side routes with index.html; unknown /api and /ws paths stay JSON 404s
// rather than falling through to an app.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/worker_pool.hpp"
#include "platform/net/router.hpp"

namespace platform::app {

struct WebApp {
  std::string mount;  // "" for the root, or "/player"
  std::filesystem::path dist;
  std::string name;            // "dashboard": for the route summaries
  std::string not_built_html;  // shown while `dist` does not exist
  // A second index for old browsers: a Chromium engine older than `below_chromium` is given
  // `index` (when it was built) instead of index.html. Engines that are not Chromium, and new
  // ones, get index.html, whose own nomodule scripts are the fallback.
  struct Legacy {
    std::string index;
    int below_chromium = 0;
  };
  std::optional<Legacy> legacy;
};

// Call after every API route: the apps' wildcards must not shadow them.
void AddWebApps(net::Router& router, WorkerPool& blocking, const std::vector<WebApp>& apps,
                const std::vector<std::string>& json_prefixes = {"/api", "/ws"});

// A page saying the server runs and where its API is, for apps not built yet.
std::string NotBuiltPage(std::string_view display_name, std::string_view openapi_path);

}  // namespace platform::app
