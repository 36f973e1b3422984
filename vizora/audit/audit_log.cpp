#include "vizora/audit/audit_log.hpp"

#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

namespace vizora::audit {

namespace {
// User agents are client-controlled: keep what is useful, not whatever was sent.
constexpr std::size_t kMaxUserAgentBytes = 512;

platform::store::Value OrNull(const std::string& text) {
  if (text.empty()) return std::monostate{};
  return text;
}
}  // namespace

void Record(platform::store::Connection& connection, const Entry& entry) {
  connection.Execute(
      "INSERT INTO audit_logs (id, organization_id, user_id, action, entity_type, entity_id, "
      "details, ip_address, user_agent, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10)",
      {platform::NewId(), OrNull(entry.organization_id), OrNull(entry.user_id), entry.action,
       OrNull(entry.entity_type), OrNull(entry.entity_id), boost::json::serialize(entry.details),
       OrNull(entry.ip_address), OrNull(entry.user_agent.substr(0, kMaxUserAgentBytes)),
       platform::NowMillis()});
}

}  // namespace vizora::audit
