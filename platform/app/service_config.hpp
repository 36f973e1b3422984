#pragma once

// What every product's server takes on its command line, read once by the platform: where to
// listen, where its state lives (database, Redis, blobs), which roles the instance runs, and
// the secrets. A product names itself (ServiceIdentity) and adds its own options beside these;
// each option is also read from <PREFIX>_<NAME> and from an optional --config file
// (platform/core/config.hpp).

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/config.hpp"
#include "platform/core/log.hpp"
#include "platform/mail/mail_message.hpp"
#include "platform/mail/smtp_sender.hpp"
#include "platform/net/trusted_proxies.hpp"

namespace platform::app {

// Who the program is. Every product-specific name the platform needs comes from here.
struct ServiceIdentity {
  std::string name;          // the binary and its namespaces: "shop" → shop.db, "shop:bus:"
  std::string display_name;  // for people: "Shop is running at …"
  std::string env_prefix;    // "SHOP": SHOP_LISTEN, SHOP_DATABASE…
  std::string version;
  std::string description;  // the first line of --help
  std::uint16_t default_port = 8080;
  // --data's default. Products on one machine keep apart: their blobs and secrets differ.
  std::string default_data_dir = "./data";
};

struct ServiceConfig {
  std::string listen_host = "127.0.0.1";
  std::uint16_t listen_port = 8080;
  std::filesystem::path data_dir = "data";
  std::string database_url;        // resolved: sqlite://DATA/<name>.db when not given
  std::string redis_url;           // empty: in-process bus and rate limits
  std::string storage_url;         // resolved: file://DATA/blobs when not given
  std::vector<std::string> roles;  // api, realtime, worker
  std::filesystem::path web_dir = "web";
  std::vector<std::string> cors_origins;
  std::size_t threads = 0;
  std::size_t max_connections = 19000;          // sockets; the process may open 20,000 files here
  std::size_t max_connections_per_address = 0;  // 0: net::ServerOptions' default
  net::TrustedProxies trusted_proxies;          // whose X-Forwarded-For names the client
  std::size_t db_pool = 0;                      // 0: by backend
  bool access_log = true;
  bool rate_limits = true;     // per-address limits on sign-in routes; off only for load tests
  bool cookie_secure = false;  // mark session cookies Secure (HTTPS deployments)
  std::string public_url;      // the web app's base URL; empty: the Host used
  log::Level log_level = log::Level::kInfo;
  std::string jwt_secret;  // empty: generated into DATA/secrets on first start
  // Mail (platform/mail): sent only with --smtp, which needs --public-url (links in mail never
  // come from a request's Host, which a client chooses) and --mail-from.
  std::optional<mail::SmtpSettings> smtp;
  mail::MailAddress mail_from;

  bool HasRole(std::string_view role) const;
  // Where mail comes from and its links point; no sender without --smtp.
  mail::MailSetup Mail() const {
    return {.from = smtp ? std::optional(mail_from) : std::nullopt, .public_url = public_url};
  }
};

// The options above, for the product to add its own to.
boost::program_options::options_description CommonOptions(const ServiceIdentity& service);

// Reads and checks the options above. Throws ConfigError with a message fit for the user.
ServiceConfig ReadCommonOptions(const boost::program_options::variables_map& vm,
                                const ServiceIdentity& service);

// This instance, the same across its restarts and different from any other: 16 hex digits
// digesting the host's name, the data directory and the listen address (instances on one host
// differ in one of those). Its job runner takes back what a killed earlier life left running.
std::string InstanceName(const ServiceConfig& config);

// "Name <address>" or "address" → the address and its name. ConfigError naming --option
// when the address is not sendable.
mail::MailAddress ParseMailAddress(const std::string& option, const std::string& text);

// "a, b,,c" → {"a", "b", "c"}.
std::vector<std::string> SplitList(const std::string& text);

// "100MB", "2GB", "512KB" or a number of bytes, from 1 KB to 64 GB; ConfigError naming
// --option otherwise.
std::int64_t ParseByteSize(const std::string& option, const std::string& text);

}  // namespace platform::app
