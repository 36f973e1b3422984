#include "vizora/app/admin_commands.hpp"

#include <boost/json/serialize.hpp>
#include <iostream>
#include <map>
#include <optional>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "vizora/app/database.hpp"
#include "vizora/audit/audit_log.hpp"

namespace vizora {

namespace {

constexpr int kUsageError = 2;
constexpr int kFailure = 1;
// Screens included in each plan unless --screens says otherwise.
const std::map<std::string, std::int64_t, std::less<>> kPlanScreens = {
    {"free", 5}, {"basic", 25}, {"pro", 100}, {"enterprise", 1000}};
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

int SetPlan(std::vector<std::string> args, const platform::EnvLookup& env) {
  auto options = TakeOptions(args, {"org", "tier", "screens"});
  if (!options.count("org")) throw UsageError("set-plan needs --org SLUG");
  if (!options.count("tier")) throw UsageError("set-plan needs --tier free|basic|pro|enterprise");
  const auto plan = kPlanScreens.find(options["tier"]);
  if (plan == kPlanScreens.end()) throw UsageError("unknown tier '" + options["tier"] + "'");
  std::int64_t screens = plan->second;
  if (options.count("screens")) {
    const std::string& text = options["screens"];
    if (text.empty() || text.size() > 7 ||
        text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoll(text) > kMaxScreens) {
      throw UsageError("--screens wants a whole number from 0 to 1000000");
    }
    screens = std::stoll(text);
  }
  const AppConfig config = ParseAppConfig(args, env);
  auto db = OpenDatabase(config);
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

}  // namespace

std::string AdminHelpText() {
  return "Operator commands (same --data/--database/--config flags as serve):\n"
         "  vizora admin set-plan --org SLUG --tier free|basic|pro|enterprise [--screens N]\n"
         "      change an organization's plan; screens default to 5/25/100/1000 by tier.\n"
         "      Safe while the server runs, which applies it at once.\n";
}

int AdminCommand(const std::vector<std::string>& args, const platform::EnvLookup& env) {
  const std::string sub = args.empty() ? "" : args[0];
  try {
    if (sub == "set-plan") return SetPlan({args.begin() + 1, args.end()}, env);
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
