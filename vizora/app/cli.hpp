#pragma once

// The command line of API.md "Command line": flags, VIZORA_* variables and --config file.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "platform/core/config.hpp"
#include "platform/core/log.hpp"

namespace vizora {

struct AppConfig {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::filesystem::path data_dir = "data";
  std::string database_url;        // resolved: sqlite://DATA/vizora.db when not given
  std::string redis_url;           // empty: in-process bus
  std::string storage_url;         // resolved: file://DATA/blobs when not given
  std::vector<std::string> roles;  // api, realtime, worker
  std::filesystem::path web_dir = "web";
  std::vector<std::string> cors_origins;
  std::size_t threads = 0;
  std::size_t max_connections = 19000;  // sockets; the process may open 20,000 files here
  std::size_t db_pool = 0;              // 0: by backend
  bool access_log = true;
  bool cookie_secure = false;  // mark session cookies Secure (HTTPS deployments)
  std::string public_url;      // the dashboard's base URL for QR codes; empty: the Host used
  std::int64_t upload_limit_bytes = 100LL << 20;
  std::map<std::string, std::int64_t> upload_limits;  // per content type, over the default
  bool allow_private_feeds = false;  // data feeds may reach private addresses (SSRF guard off)
  std::int64_t analytics_detail_days = 90;   // impressions, heartbeats, API logs
  std::int64_t analytics_rollup_days = 730;  // the hourly rollups reports read
  platform::log::Level log_level = platform::log::Level::kInfo;
  std::string jwt_secret;  // empty: generated into DATA/secrets on first start
};

// Parses the options that follow the command name. Throws platform::ConfigError with a
// message fit for the user.
AppConfig ParseAppConfig(const std::vector<std::string>& args, const platform::EnvLookup& env);

// The text of `vizora --help`.
std::string HelpText();

}  // namespace vizora
