#include "viztube/app/cli.hpp"

#include <boost/program_options.hpp>
#include <sstream>

namespace viztube {

const platform::app::ServiceIdentity& Service() {
  static const platform::app::ServiceIdentity service{
      .name = "viztube",
      .display_name = "VizTube",
      .env_prefix = "VIZTUBE",
      .version = VIZTUBE_VERSION,
      .description = "VizTube: video sharing server",
      .default_port = 8090,
      .default_data_dir = "./viztube-data"};
  return service;
}

namespace {

namespace po = boost::program_options;

std::string RateLimitHelp() {
  std::string help = "NAME=COUNT/PERIOD (s, min, h, day), repeatable; per address or user:";
  for (const auto& limit : api::RateLimitNames()) {
    help += " " + std::string(limit.name) + "=" + std::string(limit.default_rate);
  }
  return help;
}

po::options_description ProductOptions() {
  po::options_description options("VizTube's own options");
  options.add_options()("transcode-jobs", po::value<std::size_t>()->default_value(1),
                        "videos converted at once by a worker (each uses every core)")(
      "transcode-memory", po::value<std::string>()->default_value("1GB"),
      "memory one conversion may allocate before it fails")("max-video-minutes",
                                                            po::value<double>()->default_value(120),
                                                            "longest video accepted, in minutes")(
      "job-lease-seconds", po::value<std::int64_t>()->default_value(60),
      "how long a job is a worker's without news: a dead worker's job is taken over after it")(
      "upload-expiry-minutes", po::value<double>()->default_value(24 * 60),
      "how long an unfinished resumable upload is kept")(
      "rate-limit", po::value<std::vector<std::string>>()->composing(), RateLimitHelp().c_str());
  return options;
}

po::options_description AllOptions() {
  po::options_description all;
  all.add(platform::app::CommonOptions(Service())).add(ProductOptions());
  return all;
}

}  // namespace

AppConfig ParseAppConfig(const std::vector<std::string>& args, const platform::EnvLookup& env) {
  const auto vm = platform::ParseConfig(AllOptions(), args, Service().env_prefix, env);
  AppConfig c;
  static_cast<platform::app::ServiceConfig&>(c) = platform::app::ReadCommonOptions(vm, Service());
  c.transcode_jobs = vm["transcode-jobs"].as<std::size_t>();
  if (c.transcode_jobs < 1 || c.transcode_jobs > 16) {
    throw platform::ConfigError("--transcode-jobs wants 1 to 16");
  }
  c.transcode_memory_bytes =
      platform::app::ParseByteSize("transcode-memory", vm["transcode-memory"].as<std::string>());
  if (c.transcode_memory_bytes < (128LL << 20)) {
    throw platform::ConfigError("--transcode-memory wants at least 128MB");
  }
  const double minutes = vm["max-video-minutes"].as<double>();
  if (!(minutes > 0 && minutes <= 24 * 60)) {
    throw platform::ConfigError("--max-video-minutes wants more than 0 and at most 1440");
  }
  c.max_video_seconds = minutes * 60;
  c.job_lease_seconds = vm["job-lease-seconds"].as<std::int64_t>();
  if (c.job_lease_seconds < 2 || c.job_lease_seconds > 3600) {
    throw platform::ConfigError("--job-lease-seconds wants 2 to 3600");
  }
  const double expiry = vm["upload-expiry-minutes"].as<double>();
  if (!(expiry >= 0.05 && expiry <= 30 * 24 * 60)) {
    throw platform::ConfigError("--upload-expiry-minutes wants 0.05 to 43200");
  }
  c.upload_expiry_seconds = static_cast<std::int64_t>(expiry * 60);
  if (vm.count("rate-limit")) {
    for (const auto& assignment : vm["rate-limit"].as<std::vector<std::string>>()) {
      try {
        api::SetRateLimit(c.limits, assignment);
      } catch (const std::invalid_argument& e) {
        throw platform::ConfigError(e.what());
      }
    }
  }
  return c;
}

std::string HelpText() {
  std::ostringstream out;
  out << Service().description
      << "\n\n"
         "Usage:\n"
         "  viztube serve   [options]   run the server (migrates the database first)\n"
         "  viztube migrate [options]   apply database migrations and exit\n"
         "  viztube transcode IN OUT    make IN's HLS ladder in the folder OUT, as jobs do\n"
         "  viztube version             print the version\n"
         "  viztube --help              this text\n\n"
      << AllOptions();
  return out.str();
}

}  // namespace viztube
