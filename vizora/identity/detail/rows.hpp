#pragma once

// Internal to vizora/identity: the column lists and row mapping shared by its services.

#include <string>
#include <string_view>

#include "platform/store/database.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::identity::detail {

// "u." columns, in the order UserFrom reads them (kUserColumnCount), the last from the
// platform's accounts row.
inline constexpr std::string_view kUserColumns =
    "u.id, u.organization_id, u.email, u.first_name, u.last_name, u.role, u.is_active, "
    "u.last_login_at, u.created_at, "
    "(SELECT a.email_verified_at FROM accounts a WHERE a.id = u.id)";
inline constexpr std::size_t kUserColumnCount = 10;
// "o." columns, in the order OrganizationFrom reads them (9 columns).
inline constexpr std::string_view kOrganizationColumns =
    "o.id, o.name, o.slug, o.subscription_tier, o.screen_quota, o.subscription_status, "
    "o.trial_ends_at, o.created_at, o.time_zone";

User UserFrom(const platform::store::Row& row, std::size_t at = 0);
Organization OrganizationFrom(const platform::store::Row& row, std::size_t at = 0);
// User columns, then organization columns from kUserColumnCount, then `extra` columns if any.
std::string UserWithOrganizationSql(std::string_view where, std::string_view extra = {});

}  // namespace vizora::identity::detail
