#pragma once

// The audit row of an action a user took through the API: who (organization, user), from
// where (address, user agent), what, on which entity. Every module's mutations use it.

#include <boost/json/object.hpp>
#include <string>

#include "vizora/audit/audit_log.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::identity {

inline audit::Entry AuditEntry(const Principal& who, const RequestMeta& meta, std::string action,
                               std::string entity_type, std::string entity_id,
                               boost::json::object details = {}) {
  return {.organization_id = who.organization_id,
          .user_id = who.user_id,
          .action = std::move(action),
          .entity_type = std::move(entity_type),
          .entity_id = std::move(entity_id),
          .details = std::move(details),
          .ip_address = meta.ip,
          .user_agent = meta.user_agent};
}

}  // namespace vizora::identity
