#pragma once

#include "platform/net/router.hpp"
#include "vizora/identity/accounts_service.hpp"

namespace vizora::identity {

// /api/v1/organization, /api/v1/users[/{id}], /api/v1/audit-logs.
void AddAccountsRoutes(platform::net::Router& router, AccountsService& accounts,
                       platform::store::Database& db);

}  // namespace vizora::identity
