#pragma once

// An organization's own settings and its team: API.md "Identity" (organization, users).
// Every query is scoped to the caller's organization: an id from another organization is
// simply not found. The organization always keeps at least one active admin.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/error.hpp"
#include "platform/net/pagination.hpp"
#include "platform/store/database.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::identity {

namespace errors {
inline constexpr platform::ErrorKind kLastAdmin{"CONFLICT_003", 409};
}  // namespace errors

struct OrganizationPatch {
  std::optional<std::string> name, billing_email, time_zone;
};

struct NewUser {
  std::string email, password, first_name, last_name;
  Role role = Role::kViewer;
};

struct UserPatch {
  std::optional<std::string> first_name, last_name, password;
  std::optional<Role> role;
  std::optional<bool> is_active;
};

struct UserPage {
  std::vector<User> items;
  std::optional<std::string> next_cursor;
};

class AccountsService {
 public:
  AccountsService(platform::store::Database& db, platform::identity::Accounts& accounts,
                  const platform::identity::Sessions& sessions, SessionCache& cache);

  boost::asio::awaitable<platform::Result<Organization>> GetOrganization(const Principal& who);
  boost::asio::awaitable<platform::Result<Organization>> UpdateOrganization(const Principal& who,
                                                                            OrganizationPatch patch,
                                                                            RequestMeta meta);

  boost::asio::awaitable<UserPage> ListUsers(const Principal& who, platform::net::PageRequest page);
  boost::asio::awaitable<platform::Result<User>> CreateUser(const Principal& who, NewUser input,
                                                            RequestMeta meta);
  boost::asio::awaitable<platform::Result<User>> UpdateUser(const Principal& who,
                                                            std::string user_id, UserPatch patch,
                                                            RequestMeta meta);
  boost::asio::awaitable<platform::Result<bool>> DeleteUser(const Principal& who,
                                                            std::string user_id, RequestMeta meta);

 private:
  platform::store::Database& db_;
  platform::identity::Accounts& accounts_;
  const platform::identity::Sessions& sessions_;
  SessionCache& cache_;
};

}  // namespace vizora::identity
