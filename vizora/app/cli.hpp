#pragma once

// The command line of API.md "Command line": the platform's common flags (listen, data,
// database, redis, storage, roles…) plus Vizora's own, each also read from VIZORA_<NAME> and
// from a --config file.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "platform/app/service_config.hpp"

namespace vizora {

// Who this program is, to the platform: its binary, file and Redis names, VIZORA_* variables.
const platform::app::ServiceIdentity& Service();

struct AppConfig : platform::app::ServiceConfig {
  std::int64_t upload_limit_bytes = 100LL << 20;
  std::map<std::string, std::int64_t> upload_limits;  // per content type, over the default
  bool allow_private_feeds = false;       // data feeds may reach private addresses (SSRF guard off)
  std::int64_t conversion_seconds = 180;  // per office document (LibreOffice)
  std::int64_t conversion_memory_bytes = 2LL << 30;  // likewise
  std::int64_t analytics_detail_days = 90;           // impressions, heartbeats, API logs
  std::int64_t analytics_rollup_days = 730;          // the hourly rollups reports read
  // Billing (issue 23): on with a Stripe secret key, which then needs a webhook secret and
  // --public-url (where Checkout sends the customer back).
  std::string stripe_secret_key;
  std::vector<std::string> stripe_webhook_secrets;  // comma-separated: several while rolling
  std::string stripe_api_base = "https://api.stripe.com";
  std::int64_t billing_grace_days = 7;  // past due this long, the free plan's limits apply
  // Without billing: the plan new organizations get, active from the start (no trial), and
  // their screens (the plan's unless given). Empty: the trial, as with billing.
  std::string self_hosted_plan;
  std::int64_t self_hosted_screens = 0;
};

// Parses the options that follow the command name. Throws platform::ConfigError with a
// message fit for the user.
AppConfig ParseAppConfig(const std::vector<std::string>& args, const platform::EnvLookup& env);

// The text of `vizora --help`.
std::string HelpText();

}  // namespace vizora
