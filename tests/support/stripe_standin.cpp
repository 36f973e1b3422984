#include "tests/support/stripe_standin.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <stdexcept>

#include "tests/support/support.hpp"

namespace testing_support {

namespace fs = std::filesystem;

StripeStandIn::StripeStandIn(const fs::path& dir, unsigned short port, std::string secret_key,
                             std::string webhook_url, std::string webhook_secret)
    : dir_(dir), port_(port) {
  pid_ =
      SpawnUntilReady({"/usr/bin/python3", STRIPE_STANDIN_SCRIPT, "--dir", dir_.string(), "--port",
                       std::to_string(port), "--secret-key", std::move(secret_key), "--webhook-url",
                       std::move(webhook_url), "--webhook-secret", std::move(webhook_secret)},
                      dir_);
}

StripeStandIn::~StripeStandIn() {
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
}

std::vector<boost::json::object> StripeStandIn::Requests() const {
  std::vector<boost::json::object> out;
  std::ifstream in(dir_ / "requests.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(boost::json::parse(line).as_object());
  }
  return out;
}

std::string SignLikeStripe(const std::string& payload, const std::vector<std::string>& secrets,
                           std::int64_t timestamp) {
  const fs::path file =
      fs::temp_directory_path() / ("stripe-payload-" + std::to_string(getpid()) + "-" +
                                   std::to_string(std::hash<std::string>{}(payload)) + ".json");
  std::ofstream(file, std::ios::binary) << payload;
  std::vector<std::string> args{STRIPE_SIGN_SCRIPT, file.string(), std::to_string(timestamp)};
  args.insert(args.end(), secrets.begin(), secrets.end());
  auto [code, output] = RunVizora(args, {}, "/usr/bin/node");
  fs::remove(file);
  if (code != 0 || !output.starts_with("t=")) {
    throw std::runtime_error("Stripe's signer failed (npm ci in e2e/?): " + output);
  }
  return output;
}

}  // namespace testing_support
