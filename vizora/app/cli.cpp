#include "vizora/app/cli.hpp"

#include <boost/program_options.hpp>
#include <sstream>

#include "vizora/billing/plans.hpp"

namespace vizora {

namespace po = boost::program_options;
using platform::ConfigError;
using platform::app::ParseByteSize;
using platform::app::SplitList;

namespace {

po::options_description ProductOptions() {
  po::options_description options("Vizora's own options");
  options.add_options()("upload-limit", po::value<std::string>()->default_value("100MB"),
                        "largest upload (e.g. 100MB, 2GB)")(
      "upload-limits", po::value<std::string>()->default_value(""),
      "per-type limits over --upload-limit, e.g. image=20MB,video=2GB")(
      "allow-private-feeds", po::value<bool>()->default_value(false),
      "let data feeds reach loopback and private addresses (trusted networks only)")(
      "conversion-time-limit", po::value<std::int64_t>()->default_value(180),
      "seconds LibreOffice may take over one office document")(
      "conversion-memory-limit", po::value<std::string>()->default_value("2GB"),
      "memory LibreOffice may use for one office document (e.g. 2GB)")(
      "analytics-detail-days", po::value<std::int64_t>()->default_value(90),
      "days impressions, heartbeats and API logs are kept in detail")(
      "analytics-rollup-days", po::value<std::int64_t>()->default_value(730),
      "days the hourly rollups that reports read are kept")(
      "stripe-secret-key", po::value<std::string>()->default_value(""),
      "Stripe's secret API key (sk_…): turns billing on")(
      "stripe-webhook-secret", po::value<std::string>()->default_value(""),
      "the webhook endpoint's signing secret (whsec_…); comma-separated while rolling it")(
      "stripe-api-base", po::value<std::string>()->default_value("https://api.stripe.com"),
      "Stripe's API base URL")(
      "billing-grace-days", po::value<std::int64_t>()->default_value(7),
      "days a past-due organization keeps its plan before the free plan's limits apply")(
      "self-hosted-plan", po::value<std::string>()->default_value(""),
      "without Stripe: the plan new organizations get, with no trial (free, basic, pro, "
      "enterprise)")(
      "self-hosted-screens", po::value<std::int64_t>()->default_value(0),
      "with --self-hosted-plan: the screens new organizations may pair (0: the plan's)");
  return options;
}

po::options_description AllOptions() {
  po::options_description all;
  all.add(platform::app::CommonOptions(Service())).add(ProductOptions());
  return all;
}

}  // namespace

const platform::app::ServiceIdentity& Service() {
  static const platform::app::ServiceIdentity service{
      .name = "vizora",
      .display_name = "Vizora",
      .env_prefix = "VIZORA",
      .version = VIZORA_VERSION,
      .description = "Vizora: digital signage server",
      .default_port = 8080};
  return service;
}

AppConfig ParseAppConfig(const std::vector<std::string>& args, const platform::EnvLookup& env) {
  const auto vm = platform::ParseConfig(AllOptions(), args, Service().env_prefix, env);
  AppConfig c;
  static_cast<platform::app::ServiceConfig&>(c) = platform::app::ReadCommonOptions(vm, Service());
  c.upload_limit_bytes = ParseByteSize("upload-limit", vm["upload-limit"].as<std::string>());
  for (const auto& item : SplitList(vm["upload-limits"].as<std::string>())) {
    const auto eq = item.find('=');
    const std::string type = item.substr(0, eq);
    if (eq == std::string::npos || (type != "image" && type != "video" && type != "pdf" &&
                                    type != "spreadsheet" && type != "ppt")) {
      throw ConfigError(
          "--upload-limits wants TYPE=SIZE items, TYPE one of image, video, pdf, spreadsheet, ppt");
    }
    c.upload_limits[type] = ParseByteSize("upload-limits", item.substr(eq + 1));
  }
  c.allow_private_feeds = vm["allow-private-feeds"].as<bool>();
  c.conversion_seconds = vm["conversion-time-limit"].as<std::int64_t>();
  if (c.conversion_seconds < 1) throw ConfigError("--conversion-time-limit must be at least 1");
  c.conversion_memory_bytes =
      ParseByteSize("conversion-memory-limit", vm["conversion-memory-limit"].as<std::string>());
  c.analytics_detail_days = vm["analytics-detail-days"].as<std::int64_t>();
  c.analytics_rollup_days = vm["analytics-rollup-days"].as<std::int64_t>();
  if (c.analytics_detail_days < 1 || c.analytics_rollup_days < c.analytics_detail_days) {
    throw ConfigError(
        "--analytics-detail-days must be at least 1, and --analytics-rollup-days at least that");
  }
  c.stripe_secret_key = vm["stripe-secret-key"].as<std::string>();
  c.stripe_webhook_secrets = SplitList(vm["stripe-webhook-secret"].as<std::string>());
  c.stripe_api_base = vm["stripe-api-base"].as<std::string>();
  while (c.stripe_api_base.ends_with('/')) c.stripe_api_base.pop_back();
  c.billing_grace_days = vm["billing-grace-days"].as<std::int64_t>();
  if (c.billing_grace_days < 0) throw ConfigError("--billing-grace-days must be 0 or more");
  c.self_hosted_plan = vm["self-hosted-plan"].as<std::string>();
  c.self_hosted_screens = vm["self-hosted-screens"].as<std::int64_t>();
  if (!c.self_hosted_plan.empty()) {
    const billing::Plan* plan = billing::FindPlan(c.self_hosted_plan);
    if (plan == nullptr) {
      throw ConfigError("--self-hosted-plan wants free, basic, pro or enterprise");
    }
    if (!c.stripe_secret_key.empty()) {
      throw ConfigError(
          "--self-hosted-plan is for servers without billing: with --stripe-secret-key, "
          "organizations choose and pay for their plan");
    }
    if (c.self_hosted_screens < 0 || c.self_hosted_screens > 1'000'000) {
      throw ConfigError("--self-hosted-screens must be 0 to 1000000");
    }
    if (c.self_hosted_screens == 0) c.self_hosted_screens = plan->screens;
  } else if (c.self_hosted_screens != 0) {
    throw ConfigError("--self-hosted-screens needs --self-hosted-plan");
  }
  if (!c.stripe_secret_key.empty()) {
    if (c.stripe_webhook_secrets.empty()) {
      throw ConfigError(
          "--stripe-secret-key needs --stripe-webhook-secret (the endpoint's whsec_…)");
    }
    if (c.public_url.empty()) {
      throw ConfigError(
          "--stripe-secret-key needs --public-url: Checkout sends customers back there");
    }
    if (!c.stripe_api_base.starts_with("https://") && !c.stripe_api_base.starts_with("http://")) {
      throw ConfigError("--stripe-api-base wants an http(s):// URL");
    }
  }
  return c;
}

std::string HelpText() {
  std::ostringstream out;
  out << Service().description
      << "\n\n"
         "Usage:\n"
         "  vizora serve   [options]   run the server (migrates the database first)\n"
         "  vizora migrate [options]   apply database migrations and exit\n"
         "  vizora admin set-plan …    change an organization's plan (vizora admin for more)\n"
         "  vizora version             print the version\n"
         "  vizora --help              this text\n\n"
      << AllOptions();
  return out.str();
}

}  // namespace vizora
