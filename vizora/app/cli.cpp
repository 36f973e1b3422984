#include "vizora/app/cli.hpp"

#include <boost/program_options.hpp>
#include <sstream>

namespace vizora {

namespace po = boost::program_options;

namespace {

constexpr std::size_t kMaxThreads = 256;

po::options_description Options() {
  po::options_description options(
      "Options (each also read from VIZORA_<NAME>, e.g. VIZORA_LISTEN)");
  options.add_options()("listen", po::value<std::string>()->default_value("127.0.0.1:8080"),
                        "HOST:PORT to serve on (PORT 0 picks a free one)")(
      "data", po::value<std::string>()->default_value("./data"),
      "data directory: SQLite database, blobs, secrets")(
      "database", po::value<std::string>()->default_value(""),
      "sqlite://PATH or postgresql://… (default sqlite://DATA/vizora.db)")(
      "redis", po::value<std::string>()->default_value(""),
      "redis://HOST:PORT for the cross-instance bus (default: in-process)")(
      "storage", po::value<std::string>()->default_value(""),
      "s3://bucket?endpoint=… (default: files under DATA/blobs)")(
      "roles", po::value<std::string>()->default_value("api,realtime,worker"),
      "what this instance runs: any of api,realtime,worker")(
      "web", po::value<std::string>()->default_value("web"),
      "directory holding dashboard/dist and player/dist")(
      "cors-origins", po::value<std::string>()->default_value(""),
      "comma-separated origins allowed to call the API from a browser")(
      "threads", po::value<std::size_t>()->default_value(0),
      "event-loop threads (0: one per core)")(
      "max-connections", po::value<std::size_t>()->default_value(19000),
      "open connections (sockets) before new ones get 503; keep under the open-file limit")(
      "db-pool", po::value<std::size_t>()->default_value(0),
      "database connections (0: 4 for SQLite, 8 for PostgreSQL)")(
      "access-log", po::value<bool>()->default_value(true), "log every request (true|false)")(
      "cookie-secure", po::value<bool>()->default_value(false),
      "mark session cookies Secure: set when served over HTTPS")(
      "public-url", po::value<std::string>()->default_value(""),
      "the dashboard's public base URL, for pairing QR codes (default: the Host used)")(
      "upload-limit", po::value<std::string>()->default_value("100MB"),
      "largest upload (e.g. 100MB, 2GB)")(
      "upload-limits", po::value<std::string>()->default_value(""),
      "per-type limits over --upload-limit, e.g. image=20MB,video=2GB")(
      "allow-private-feeds", po::value<bool>()->default_value(false),
      "let data feeds reach loopback and private addresses (trusted networks only)")(
      "analytics-detail-days", po::value<std::int64_t>()->default_value(90),
      "days impressions, heartbeats and API logs are kept in detail")(
      "analytics-rollup-days", po::value<std::int64_t>()->default_value(730),
      "days the hourly rollups that reports read are kept")(
      "log-level", po::value<std::string>()->default_value("info"), "debug|info|warn|error")(
      "jwt-secret", po::value<std::string>()->default_value(""),
      "token signing key (default: generated into DATA/secrets)")(
      "config", po::value<std::string>()->default_value(""),
      "a file of name = value lines (lowest precedence)");
  return options;
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto first = item.find_first_not_of(' ');
    const auto last = item.find_last_not_of(' ');
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
  }
  return out;
}

// "100MB", "2GB", "512KB" or a number of bytes.
std::int64_t ByteSize(const std::string& option, const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  std::string unit = text.substr(digits);
  for (char& ch : unit) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const std::int64_t scale = unit.empty() || unit == "B" ? 1
                             : unit == "KB"              ? 1LL << 10
                             : unit == "MB"              ? 1LL << 20
                             : unit == "GB"              ? 1LL << 30
                                                         : 0;
  if (digits == 0 || digits > 6 || scale == 0) {
    throw platform::ConfigError("--" + option + " wants a size like 100MB or 2GB, got '" + text +
                                "'");
  }
  const std::int64_t bytes = std::stoll(text.substr(0, digits)) * scale;
  if (bytes < 1024 || bytes > (64LL << 30)) {
    throw platform::ConfigError("--" + option + " must be from 1KB to 64GB");
  }
  return bytes;
}

}  // namespace

AppConfig ParseAppConfig(const std::vector<std::string>& args, const platform::EnvLookup& env) {
  const auto vm = platform::ParseConfig(Options(), args, "VIZORA", env);
  AppConfig c;

  const std::string listen = vm["listen"].as<std::string>();
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw platform::ConfigError("--listen wants HOST:PORT, got '" + listen + "'");
  }
  c.listen_host = listen.substr(0, colon);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[') {
    c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);  // [::1]:8080
  }
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
    throw platform::ConfigError("--listen has a bad port: '" + port + "'");
  }
  c.listen_port = static_cast<std::uint16_t>(std::stoul(port));

  c.data_dir = vm["data"].as<std::string>();
  c.database_url = vm["database"].as<std::string>();
  if (c.database_url.empty()) c.database_url = "sqlite://" + (c.data_dir / "vizora.db").string();
  if (!c.database_url.starts_with("sqlite://") && !c.database_url.starts_with("postgresql://") &&
      !c.database_url.starts_with("postgres://")) {
    throw platform::ConfigError("--database wants sqlite://PATH or postgresql://…");
  }
  c.redis_url = vm["redis"].as<std::string>();
  if (!c.redis_url.empty() && !c.redis_url.starts_with("redis://")) {
    throw platform::ConfigError("--redis wants redis://HOST:PORT");
  }
  c.storage_url = vm["storage"].as<std::string>();
  if (c.storage_url.empty()) c.storage_url = "file://" + (c.data_dir / "blobs").string();
  if (!c.storage_url.starts_with("file://") && !c.storage_url.starts_with("s3://")) {
    throw platform::ConfigError("--storage wants s3://bucket?endpoint=… (or file://DIR)");
  }
  c.roles = SplitList(vm["roles"].as<std::string>());
  if (c.roles.empty()) throw platform::ConfigError("--roles needs at least one role");
  for (const auto& role : c.roles) {
    if (role != "api" && role != "realtime" && role != "worker") {
      throw platform::ConfigError("unknown role '" + role + "' (want api, realtime, worker)");
    }
  }
  c.web_dir = vm["web"].as<std::string>();
  c.cors_origins = SplitList(vm["cors-origins"].as<std::string>());
  c.threads = vm["threads"].as<std::size_t>();
  c.max_connections = vm["max-connections"].as<std::size_t>();
  if (c.max_connections == 0) throw platform::ConfigError("--max-connections must be at least 1");
  if (c.threads > kMaxThreads) throw platform::ConfigError("--threads must be at most 256");
  c.db_pool = vm["db-pool"].as<std::size_t>();
  c.access_log = vm["access-log"].as<bool>();
  c.cookie_secure = vm["cookie-secure"].as<bool>();
  c.public_url = vm["public-url"].as<std::string>();
  while (c.public_url.ends_with('/')) c.public_url.pop_back();
  if (!c.public_url.empty() && !c.public_url.starts_with("http://") &&
      !c.public_url.starts_with("https://")) {
    throw platform::ConfigError("--public-url wants http://… or https://…");
  }
  c.upload_limit_bytes = ByteSize("upload-limit", vm["upload-limit"].as<std::string>());
  for (const auto& item : SplitList(vm["upload-limits"].as<std::string>())) {
    const auto eq = item.find('=');
    const std::string type = item.substr(0, eq);
    if (eq == std::string::npos || (type != "image" && type != "video" && type != "pdf" &&
                                    type != "spreadsheet" && type != "ppt")) {
      throw platform::ConfigError(
          "--upload-limits wants TYPE=SIZE items, TYPE one of image, video, pdf, spreadsheet, ppt");
    }
    c.upload_limits[type] = ByteSize("upload-limits", item.substr(eq + 1));
  }
  c.allow_private_feeds = vm["allow-private-feeds"].as<bool>();
  c.analytics_detail_days = vm["analytics-detail-days"].as<std::int64_t>();
  c.analytics_rollup_days = vm["analytics-rollup-days"].as<std::int64_t>();
  if (c.analytics_detail_days < 1 || c.analytics_rollup_days < c.analytics_detail_days) {
    throw platform::ConfigError(
        "--analytics-detail-days must be at least 1, and --analytics-rollup-days at least that");
  }
  const std::string level = vm["log-level"].as<std::string>();
  if (level != "debug" && level != "info" && level != "warn" && level != "error") {
    throw platform::ConfigError("--log-level wants debug, info, warn or error");
  }
  c.log_level = platform::log::ParseLevel(level);
  c.jwt_secret = vm["jwt-secret"].as<std::string>();
  return c;
}

std::string HelpText() {
  std::ostringstream out;
  out << "Vizora: digital signage server\n\n"
         "Usage:\n"
         "  vizora serve   [options]   run the server (migrates the database first)\n"
         "  vizora migrate [options]   apply database migrations and exit\n"
         "  vizora admin set-plan …    change an organization's plan (vizora admin for more)\n"
         "  vizora version             print the version\n"
         "  vizora --help              this text\n\n"
      << Options();
  return out.str();
}

}  // namespace vizora
