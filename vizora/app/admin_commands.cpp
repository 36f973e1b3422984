#include "vizora/app/admin_commands.hpp"

#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>

#include "platform/app/database.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "vizora/app/cli.hpp"
#include "vizora/app/database.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/billing/plans.hpp"
#include "vizora/devices/model.hpp"
#include "vizora/devices/provisioning.hpp"

namespace vizora {

namespace {

constexpr int kUsageError = 2;
constexpr int kFailure = 1;
constexpr std::int64_t kMaxScreens = 1'000'000;

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Takes "--name value" or "--name=value" for each of `names` out of `args`; the rest (the
// server's own flags: --data, --database, --config…) stays for the common parser.
std::map<std::string, std::string> TakeOptions(std::vector<std::string>& args,
                                               const std::vector<std::string>& names) {
  std::map<std::string, std::string> taken;
  for (std::size_t i = 0; i < args.size();) {
    bool matched = false;
    for (const auto& name : names) {
      const std::string flag = "--" + name;
      if (args[i] == flag) {
        if (i + 1 >= args.size()) throw UsageError(flag + " needs a value");
        taken[name] = args[i + 1];
        args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
        matched = true;
        break;
      }
      if (args[i].starts_with(flag + "=")) {
        taken[name] = args[i].substr(flag.size() + 1);
        args.erase(args.begin() + static_cast<long>(i));
        matched = true;
        break;
      }
    }
    if (!matched) ++i;
  }
  return taken;
}

std::int64_t WholeNumber(const std::string& text, std::int64_t min, std::int64_t max,
                         const std::string& flag) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::stoll(text) < min ||
      std::stoll(text) > max) {
    throw UsageError(flag + " wants a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
  return std::stoll(text);
}

int SetPlan(std::vector<std::string> args, const platform::EnvLookup& env) {
  auto options = TakeOptions(args, {"org", "tier", "screens"});
  if (!options.count("org")) throw UsageError("set-plan needs --org SLUG");
  if (!options.count("tier")) throw UsageError("set-plan needs --tier free|basic|pro|enterprise");
  // Screens included in the plan unless --screens says otherwise.
  const billing::Plan* plan = billing::FindPlan(options["tier"]);
  if (plan == nullptr) throw UsageError("unknown tier '" + options["tier"] + "'");
  std::int64_t screens = plan->screens;
  if (options.count("screens")) {
    screens = WholeNumber(options["screens"], 0, kMaxScreens, "--screens");
  }
  const AppConfig config = ParseAppConfig(args, env);
  auto db = platform::app::OpenDatabase(config);
  ApplyMigrations(*db);
  const std::string slug = options["org"];
  const std::string tier = options["tier"];
  // Read by the running server on every quota check, so it applies at once.
  const auto changed = db->TransactBlocking([&](platform::store::Connection& c)
                                                -> std::optional<std::string> {
    const auto rows = c.Query(
        "UPDATE organizations SET subscription_tier = $2, screen_quota = $3, "
        "subscription_status = CASE WHEN $2 = 'free' THEN subscription_status ELSE 'active' END, "
        "updated_at = $4 WHERE slug = $1 RETURNING id",
        {slug, tier, screens, platform::NowMillis()});
    if (rows.empty()) return std::nullopt;
    audit::Record(c, {.organization_id = rows[0].Text(0),
                      .action = "organization.plan_changed",
                      .entity_type = "organization",
                      .entity_id = rows[0].Text(0),
                      .details = {{"tier", tier}, {"screenQuota", screens}, {"by", "operator"}}});
    return rows[0].Text(0);
  });
  if (!changed) {
    std::cerr << "vizora admin set-plan: no organization with slug '" << slug << "'\n";
    return kFailure;
  }
  std::cout << boost::json::serialize(boost::json::object{{"organizationId", *changed},
                                                          {"slug", slug},
                                                          {"subscriptionTier", tier},
                                                          {"screenQuota", screens}})
            << std::endl;
  return 0;
}

// Writes the tokens to `out` only once they are committed, so a refused run leaves no file of
// tokens that do not work.
int ProvisionDevices(std::vector<std::string> args, const platform::EnvLookup& env) {
  auto options = TakeOptions(args, {"org", "count", "group", "nickname-prefix", "out"});
  if (!options.count("org")) throw UsageError("provision-devices needs --org SLUG");
  if (!options.count("count")) throw UsageError("provision-devices needs --count N");
  if (!options.count("out")) throw UsageError("provision-devices needs --out FILE");
  devices::ProvisionRequest request{
      .organization_slug = options["org"],
      .count = WholeNumber(options["count"], 1, devices::kMaxProvisionedAtOnce, "--count")};
  if (options.count("group")) {
    if (options["group"].empty() || options["group"].size() > devices::kMaxGroupNameBytes) {
      throw UsageError("--group wants a name of 1 to 100 bytes");
    }
    request.group_name = options["group"];
  }
  if (options.count("nickname-prefix")) request.nickname_prefix = options["nickname-prefix"];
  const std::filesystem::path out = options["out"];
  const std::filesystem::path partial = out.string() + ".partial";

  const AppConfig config = ParseAppConfig(args, env);
  auto db = platform::app::OpenDatabase(config);
  ApplyMigrations(*db);
  std::optional<devices::Provisioned> done;
  try {
    db->TransactBlocking([&](platform::store::Connection& c) {
      done = devices::ProvisionDevices(c, request);
      // Inside the transaction: if the file cannot be written, nothing is created.
      std::ofstream file(partial, std::ios::trunc);
      std::filesystem::permissions(
          partial, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      for (const auto& token : done->tokens) file << token << '\n';
      file.close();
      if (!file) throw std::runtime_error("cannot write " + partial.string());
    });
  } catch (const platform::ErrorException& e) {
    std::filesystem::remove(partial);
    std::cerr << "vizora admin provision-devices: " << e.error().message << " "
              << boost::json::serialize(e.error().details) << "\n";
    return kFailure;
  } catch (...) {
    std::filesystem::remove(partial);
    throw;
  }
  std::filesystem::rename(partial, out);
  std::cout << boost::json::serialize(
                   boost::json::object{{"organizationId", done->organization_id},
                                       {"devices", static_cast<std::int64_t>(done->tokens.size())},
                                       {"tokensFile", out.string()}})
            << std::endl;
  return 0;
}

}  // namespace

std::string AdminHelpText() {
  return "Operator commands (same --data/--database/--config flags as serve):\n"
         "  vizora admin set-plan --org SLUG --tier free|basic|pro|enterprise [--screens N]\n"
         "      change an organization's plan; screens default to the plan's own.\n"
         "      Safe while the server runs, which applies it at once.\n"
         "  vizora admin provision-devices --org SLUG --count N [--group NAME]\n"
         "      [--nickname-prefix P] --out FILE\n"
         "      create N screens without pairing (within the plan's quota) and write one\n"
         "      device token per line to FILE (mode 0600).\n";
}

int AdminCommand(const std::vector<std::string>& args, const platform::EnvLookup& env) {
  const std::string sub = args.empty() ? "" : args[0];
  try {
    if (sub == "set-plan") return SetPlan({args.begin() + 1, args.end()}, env);
    if (sub == "provision-devices") return ProvisionDevices({args.begin() + 1, args.end()}, env);
    std::cerr << (sub.empty() ? "vizora admin: which command?\n"
                              : "vizora admin: unknown command '" + sub + "'\n")
              << AdminHelpText();
    return kUsageError;
  } catch (const UsageError& e) {
    std::cerr << "vizora admin " << sub << ": " << e.what() << "\n";
    return kUsageError;
  } catch (const platform::ConfigError& e) {
    std::cerr << "vizora admin " << sub << ": " << e.what() << "\n";
    return kUsageError;
  } catch (const std::exception& e) {
    std::cerr << "vizora admin " << sub << ": " << e.what() << "\n";
    return kFailure;
  }
}

}  // namespace vizora
