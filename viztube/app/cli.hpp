#pragma once

// The viztube command line: the platform's common flags (--listen 127.0.0.1:8090, --data,
// --database, --redis, --storage, --roles…) and VizTube's own (transcoding), each also read
// from VIZTUBE_<NAME>.

#include <string>
#include <vector>

#include "platform/app/service_config.hpp"
#include "viztube/api/rate_limits.hpp"

namespace viztube {

const platform::app::ServiceIdentity& Service();

struct AppConfig : platform::app::ServiceConfig {
  std::size_t transcode_jobs = 1;  // concurrent transcodes on a worker instance
  std::int64_t transcode_memory_bytes = 1024LL << 20;
  double max_video_seconds = 2 * 3600;
  std::int64_t job_lease_seconds = 60;             // how soon a dead worker's job is taken over
  std::int64_t upload_expiry_seconds = 24 * 3600;  // an unfinished tus upload's life
  api::RateLimits limits = api::DefaultRateLimits();
};

// Throws platform::ConfigError with a message fit for the user.
AppConfig ParseAppConfig(const std::vector<std::string>& args, const platform::EnvLookup& env);
std::string HelpText();

}  // namespace viztube
