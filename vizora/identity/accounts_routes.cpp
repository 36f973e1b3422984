#include "vizora/identity/accounts_routes.hpp"

#include "platform/core/clock.hpp"
#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/audit/audit_query.hpp"
#include "vizora/identity/identity_routes.hpp"
#include "vizora/identity/validation.hpp"

namespace vizora::identity {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::Result;

namespace {

constexpr std::size_t kMaxAccountBodyBytes = 16 * 1024;
}  // namespace

void AddAccountsRoutes(net::Router& router, AccountsService& accounts,
                       platform::store::Database& db) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/organization",
              .handler = [&accounts](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(org, co_await accounts.GetOrganization(PrincipalOf(r)));
                co_return net::Response::Json(200, json::object{{"organization", ToJson(*org)}});
              },
              .summary = "The caller's organization",
              .access = "viewer"});

  router.Add(
      {.method = net::Method::kPatch,
       .pattern = "/api/v1/organization",
       .handler = [&accounts](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(body, net::ParseJsonObject(r));
         NET_TRY(name,
                 net::StringField(*body, "name",
                                  {.required = false, .max_bytes = kMaxOrganizationNameBytes}));
         NET_TRY(billing, net::StringField(*body, "billingEmail",
                                           {.required = false, .max_bytes = kMaxEmailBytes}));
         // Arguments of a co_await call are built as named locals: GCC 12 miscompiles
         // braced temporaries there (a double free; TOOLCHAIN.md).
         NET_TRY(zone, net::TimeZoneField(*body));
         OrganizationPatch patch{.name = *name, .billing_email = *billing, .time_zone = *zone};
         NET_TRY(org,
                 co_await accounts.UpdateOrganization(PrincipalOf(r), std::move(patch), MetaOf(r)));
         co_return net::Response::Json(200, json::object{{"organization", ToJson(*org)}});
       },
       .summary = "Rename the organization, set its billing email or time zone",
       .max_body_bytes = kMaxAccountBodyBytes,
       .access = "admin"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/users",
              .handler = [&accounts](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(page, net::ParsePageRequest(r));
                const UserPage users = co_await accounts.ListUsers(PrincipalOf(r), *page);
                json::array items;
                for (const auto& u : users.items) items.push_back(ToJson(u));
                co_return net::Response::Json(200,
                                              net::PageJson(std::move(items), users.next_cursor));
              },
              .summary = "The organization's users",
              .access = "viewer"});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/users",
       .handler = [&accounts](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(body, net::ParseJsonObject(r));
         NET_TRY(email, net::StringField(*body, "email", {.max_bytes = kMaxEmailBytes}));
         NET_TRY(password, net::StringField(*body, "password", {.max_bytes = kMaxPasswordBytes}));
         NET_TRY(first, net::StringField(*body, "firstName", kNameRule));
         NET_TRY(last, net::StringField(*body, "lastName", kNameRule));
         NET_TRY(role, RoleField(*body, true));
         NewUser input{.email = **email,
                       .password = **password,
                       .first_name = first->value_or(""),
                       .last_name = last->value_or(""),
                       .role = **role};
         NET_TRY(user, co_await accounts.CreateUser(PrincipalOf(r), std::move(input), MetaOf(r)));
         co_return net::Response::Json(201, json::object{{"user", ToJson(*user)}});
       },
       .summary = "Add a user with a role and an initial password",
       .max_body_bytes = kMaxAccountBodyBytes,
       .access = "admin"});

  router.Add(
      {.method = net::Method::kPatch,
       .pattern = "/api/v1/users/{id}",
       .handler = [&accounts](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(body, net::ParseJsonObject(r));
         NET_TRY(first, net::StringField(*body, "firstName", kNameRule));
         NET_TRY(last, net::StringField(*body, "lastName", kNameRule));
         NET_TRY(password, net::StringField(*body, "password",
                                            {.required = false, .max_bytes = kMaxPasswordBytes}));
         NET_TRY(role, RoleField(*body, false));
         NET_TRY(active, net::BoolField(*body, "isActive"));
         UserPatch patch{.first_name = *first,
                         .last_name = *last,
                         .password = *password,
                         .role = *role,
                         .is_active = *active};
         NET_TRY(user, co_await accounts.UpdateUser(PrincipalOf(r), std::string(r.PathParam("id")),
                                                    std::move(patch), MetaOf(r)));
         co_return net::Response::Json(200, json::object{{"user", ToJson(*user)}});
       },
       .summary = "Change a user's name, role, password or active state",
       .max_body_bytes = kMaxAccountBodyBytes,
       .access = "admin"});

  router.Add({.method = net::Method::kDelete,
              .pattern = "/api/v1/users/{id}",
              .handler = [&accounts](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(deleted, co_await accounts.DeleteUser(
                                     PrincipalOf(r), std::string(r.PathParam("id")), MetaOf(r)));
                co_return net::Response::NoContent();
              },
              .summary = "Remove a user",
              .access = "admin"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/audit-logs",
              .handler = [&db](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(page, net::ParsePageRequest(r));
                NET_TRY(from, net::TimeQuery(r, "from"));
                NET_TRY(to, net::TimeQuery(r, "to"));
                audit::Filter filter{.organization_id = PrincipalOf(r).organization_id,
                                     .action = r.Query("action"),
                                     .from = *from,
                                     .to = *to};
                auto result = co_await db.Read(
                    [&](platform::store::Connection& c) { return audit::List(c, filter, *page); });
                co_return net::Response::Json(
                    200, net::PageJson(std::move(result.items), result.next_cursor));
              },
              .summary = "Who did what, newest first",
              .access = "admin"});
}

}  // namespace vizora::identity
