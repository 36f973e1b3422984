#pragma once

// The audit trail: every mutating admin action writes who, what, which entity, details, IP
// and user agent (DESIGN.md §5). Written inside the action's own transaction, so an action
// and its audit row commit together or not at all.

#include <boost/json/object.hpp>
#include <string>

#include "platform/store/database.hpp"

namespace vizora::audit {

struct Entry {
  std::string organization_id;
  std::string user_id;  // empty for actions without a user (operators, devices)
  std::string action;   // "user.registered", "device.paired"…
  std::string entity_type;
  std::string entity_id;
  boost::json::object details;
  std::string ip_address;
  std::string user_agent;
};

void Record(platform::store::Connection& connection, const Entry& entry);

}  // namespace vizora::audit
