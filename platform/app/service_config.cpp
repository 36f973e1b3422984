#include "platform/app/service_config.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>

#include "platform/core/ids.hpp"

namespace platform::app {

namespace po = boost::program_options;

namespace {

constexpr std::size_t kMaxThreads = 256;
constexpr std::int64_t kMinByteSize = 1024;
constexpr std::int64_t kMaxByteSize = 64LL << 30;

}  // namespace

bool ServiceConfig::HasRole(std::string_view role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

po::options_description CommonOptions(const ServiceIdentity& service) {
  po::options_description options("Options (each also read from " + service.env_prefix +
                                  "_<NAME>, e.g. " + service.env_prefix + "_LISTEN)");
  const std::string listen = "127.0.0.1:" + std::to_string(service.default_port);
  options.add_options()("listen", po::value<std::string>()->default_value(listen),
                        "HOST:PORT to serve on (PORT 0 picks a free one)")(
      "data", po::value<std::string>()->default_value(service.default_data_dir),
      "data directory: SQLite database, blobs, secrets")(
      "database", po::value<std::string>()->default_value(""),
      ("sqlite://PATH or postgresql://… (default sqlite://DATA/" + service.name + ".db)").c_str())(
      "redis", po::value<std::string>()->default_value(""),
      "redis://HOST:PORT for the cross-instance bus and rate limits (default: in-process)")(
      "storage", po::value<std::string>()->default_value(""),
      "s3://bucket?endpoint=… (default: files under DATA/blobs)")(
      "roles", po::value<std::string>()->default_value("api,realtime,worker"),
      "what this instance runs: any of api,realtime,worker")(
      "web", po::value<std::string>()->default_value("web"),
      "directory holding the built web apps")(
      "cors-origins", po::value<std::string>()->default_value(""),
      "comma-separated origins allowed to call the API from a browser")(
      "threads", po::value<std::size_t>()->default_value(0),
      "event-loop threads (0: one per core)")(
      "max-connections", po::value<std::size_t>()->default_value(19000),
      "open connections (sockets) before new ones get 503; keep under the open-file limit")(
      "max-connections-per-address", po::value<std::size_t>()->default_value(0),
      "sockets one client address may hold before new ones get 429 (0: the smaller of 1000 "
      "and half of --max-connections)")(
      "trusted-proxies", po::value<std::string>()->default_value("loopback"),
      "peers whose X-Forwarded-For names the client: loopback, private, addresses or networks "
      "(10.0.0.0/8), comma-separated; none to trust no one")(
      "db-pool", po::value<std::size_t>()->default_value(0),
      "database connections (0: 4 for SQLite, 8 for PostgreSQL)")(
      "access-log", po::value<bool>()->default_value(true), "log every request (true|false)")(
      "rate-limits", po::value<bool>()->default_value(true),
      "per-address limits on sign-in and sign-up (turn off only for load tests)")(
      "cookie-secure", po::value<bool>()->default_value(false),
      "mark session cookies Secure: set when served over HTTPS")(
      "public-url", po::value<std::string>()->default_value(""),
      "the public base URL of the web app, for links (default: the Host used)")(
      "log-level", po::value<std::string>()->default_value("info"), "debug|info|warn|error")(
      "jwt-secret", po::value<std::string>()->default_value(""),
      "token signing key (default: generated into DATA/secrets)")(
      "smtp", po::value<std::string>()->default_value(""),
      "the relay mail goes through: smtp://[user:pass@]host[:port] (STARTTLS) or smtps://… "
      "(default: no mail)")(
      "mail-from", po::value<std::string>()->default_value(""),
      "the sender of mail, \"Name <address>\" or an address (needed with --smtp)")(
      "config", po::value<std::string>()->default_value(""),
      "a file of name = value lines (lowest precedence)");
  return options;
}

ServiceConfig ReadCommonOptions(const po::variables_map& vm, const ServiceIdentity& service) {
  ServiceConfig c;
  const std::string listen = vm["listen"].as<std::string>();
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw ConfigError("--listen wants HOST:PORT, got '" + listen + "'");
  }
  c.listen_host = listen.substr(0, colon);
  if (c.listen_host.size() > 2 && c.listen_host.front() == '[') {
    c.listen_host = c.listen_host.substr(1, c.listen_host.size() - 2);  // [::1]:8080
  }
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoul(port) > 65535) {
    throw ConfigError("--listen has a bad port: '" + port + "'");
  }
  c.listen_port = static_cast<std::uint16_t>(std::stoul(port));

  c.data_dir = vm["data"].as<std::string>();
  c.database_url = vm["database"].as<std::string>();
  if (c.database_url.empty()) {
    c.database_url = "sqlite://" + (c.data_dir / (service.name + ".db")).string();
  }
  if (!c.database_url.starts_with("sqlite://") && !c.database_url.starts_with("postgresql://") &&
      !c.database_url.starts_with("postgres://")) {
    throw ConfigError("--database wants sqlite://PATH or postgresql://…");
  }
  c.redis_url = vm["redis"].as<std::string>();
  if (!c.redis_url.empty() && !c.redis_url.starts_with("redis://")) {
    throw ConfigError("--redis wants redis://HOST:PORT");
  }
  c.storage_url = vm["storage"].as<std::string>();
  if (c.storage_url.empty()) c.storage_url = "file://" + (c.data_dir / "blobs").string();
  if (!c.storage_url.starts_with("file://") && !c.storage_url.starts_with("s3://")) {
    throw ConfigError("--storage wants s3://bucket?endpoint=… (or file://DIR)");
  }
  c.roles = SplitList(vm["roles"].as<std::string>());
  if (c.roles.empty()) throw ConfigError("--roles needs at least one role");
  for (const auto& role : c.roles) {
    if (role != "api" && role != "realtime" && role != "worker") {
      throw ConfigError("unknown role '" + role + "' (want api, realtime, worker)");
    }
  }
  c.web_dir = vm["web"].as<std::string>();
  c.cors_origins = SplitList(vm["cors-origins"].as<std::string>());
  c.threads = vm["threads"].as<std::size_t>();
  c.max_connections = vm["max-connections"].as<std::size_t>();
  if (c.max_connections == 0) throw ConfigError("--max-connections must be at least 1");
  if (c.threads > kMaxThreads) throw ConfigError("--threads must be at most 256");
  c.max_connections_per_address = vm["max-connections-per-address"].as<std::size_t>();
  const std::string proxies = vm["trusted-proxies"].as<std::string>();
  try {
    c.trusted_proxies = net::TrustedProxies::Parse(proxies == "none" ? std::vector<std::string>{}
                                                                     : SplitList(proxies));
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("--trusted-proxies: ") + e.what());
  }
  c.db_pool = vm["db-pool"].as<std::size_t>();
  c.access_log = vm["access-log"].as<bool>();
  c.rate_limits = vm["rate-limits"].as<bool>();
  c.cookie_secure = vm["cookie-secure"].as<bool>();
  c.public_url = vm["public-url"].as<std::string>();
  while (c.public_url.ends_with('/')) c.public_url.pop_back();
  if (!c.public_url.empty() && !c.public_url.starts_with("http://") &&
      !c.public_url.starts_with("https://")) {
    throw ConfigError("--public-url wants http://… or https://…");
  }
  const std::string level = vm["log-level"].as<std::string>();
  if (level != "debug" && level != "info" && level != "warn" && level != "error") {
    throw ConfigError("--log-level wants debug, info, warn or error");
  }
  c.log_level = log::ParseLevel(level);
  c.jwt_secret = vm["jwt-secret"].as<std::string>();
  if (const std::string smtp = vm["smtp"].as<std::string>(); !smtp.empty()) {
    c.smtp = mail::ParseSmtpUrl(smtp);
    if (c.public_url.empty()) throw ConfigError("--smtp needs --public-url, for links in mail");
    const std::string from = vm["mail-from"].as<std::string>();
    if (from.empty()) throw ConfigError("--smtp needs --mail-from, the sender of mail");
    c.mail_from = ParseMailAddress("mail-from", from);
    if (c.mail_from.name.empty()) c.mail_from.name = service.display_name;
  }
  return c;
}

std::string InstanceName(const ServiceConfig& config) {
  std::array<char, 256> host{};
  ::gethostname(host.data(), host.size() - 1);
  std::error_code ignored;
  const auto data = std::filesystem::weakly_canonical(config.data_dir, ignored);
  return Sha256Hex(std::string(host.data()) + "\n" + data.string() + "\n" + config.listen_host +
                   ":" + std::to_string(config.listen_port))
      .substr(0, 16);
}

mail::MailAddress ParseMailAddress(const std::string& option, const std::string& text) {
  mail::MailAddress address;
  const auto open = text.rfind('<');
  if (open != std::string::npos && text.ends_with('>')) {
    address.email = text.substr(open + 1, text.size() - open - 2);
    std::string name = text.substr(0, open);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    address.name = name;
  } else {
    address.email = text;
  }
  if (!mail::IsSendableAddress(address.email) ||
      address.name.find_first_of("\r\n\"") != std::string::npos) {
    throw ConfigError("--" + option + " wants an address, or \"Name <address>\"");
  }
  return address;
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

std::int64_t ParseByteSize(const std::string& option, const std::string& text) {
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
    throw ConfigError("--" + option + " wants a size like 100MB or 2GB, got '" + text + "'");
  }
  const std::int64_t bytes = std::stoll(text.substr(0, digits)) * scale;
  if (bytes < kMinByteSize || bytes > kMaxByteSize) {
    throw ConfigError("--" + option + " must be from 1KB to 64GB");
  }
  return bytes;
}

}  // namespace platform::app
