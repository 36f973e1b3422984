#include "vizora/identity/invitations_routes.hpp"

#include "platform/core/clock.hpp"
#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/identity/validation.hpp"

namespace vizora::identity {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

constexpr std::size_t kMaxInvitationBodyBytes = 16 * 1024;
constexpr std::size_t kMaxTokenBytes = 128;
// Following links: per client address, against guessing tokens.
const net::RateLimit kInvitationLinkPerIp = net::RateLimit::PerMinute(20);

json::object SentJson(const SentInvitation& sent) {
  json::object out{{"invitation", ToJson(sent.invitation, platform::NowMillis())},
                   {"mailed", sent.mailed}};
  if (sent.accept_url) out["acceptUrl"] = *sent.accept_url;
  return out;
}

}  // namespace

void AddInvitationRoutes(net::Router& router, InvitationsService& invitations,
                         IdentityService& identity, CookiePolicy cookies) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/invitations",
              .handler = [&invitations](net::Request& r) -> awaitable<net::Response> {
                const auto pending = co_await invitations.ListPending(PrincipalOf(r));
                const std::int64_t now = platform::NowMillis();
                json::array items;
                for (const auto& i : pending) items.push_back(ToJson(i, now));
                co_return net::Response::Json(200, json::object{{"items", std::move(items)}});
              },
              .summary = "Invitations not yet accepted (expired ones included)",
              .access = "admin"});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/invitations",
              .handler = [&invitations](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(email, net::StringField(*body, "email", {.max_bytes = kMaxEmailBytes}));
                NET_TRY(first, net::StringField(*body, "firstName", kNameRule));
                NET_TRY(last, net::StringField(*body, "lastName", kNameRule));
                NET_TRY(role, RoleField(*body, true));
                NewInvitation input{.email = **email,
                                    .first_name = first->value_or(""),
                                    .last_name = last->value_or(""),
                                    .role = **role};
                NET_TRY(sent,
                        co_await invitations.Invite(PrincipalOf(r), std::move(input), MetaOf(r)));
                co_return net::Response::Json(201, SentJson(*sent));
              },
              .summary = "Invite someone by email with a role (mails a link to join)",
              .max_body_bytes = kMaxInvitationBodyBytes,
              .access = "admin"});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/invitations/{id}/resend",
              .handler = [&invitations](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(sent, co_await invitations.Resend(
                                  PrincipalOf(r), std::string(r.PathParam("id")), MetaOf(r)));
                co_return net::Response::Json(200, SentJson(*sent));
              },
              .summary = "Send an invitation again with a new link (the old one stops working)",
              .access = "admin"});

  router.Add({.method = net::Method::kDelete,
              .pattern = "/api/v1/invitations/{id}",
              .handler = [&invitations](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(done, co_await invitations.Revoke(
                                  PrincipalOf(r), std::string(r.PathParam("id")), MetaOf(r)));
                co_return net::Response::NoContent();
              },
              .summary = "Revoke an invitation: its link stops working",
              .access = "admin"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/auth/invitation",
              .handler = [&invitations](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(preview, co_await invitations.Preview(r.Query("token").value_or("")));
                json::object shown = ToJson(preview->invitation, platform::NowMillis());
                shown.erase("invitedBy");
                shown["organizationName"] = preview->organization_name;
                shown["invitedByName"] = preview->invited_by_name;
                co_return net::Response::Json(200, json::object{{"invitation", std::move(shown)}});
              },
              .summary = "What an invitation link is for (organization, email, role)",
              .rate_limit_per_ip = kInvitationLinkPerIp});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/auth/invitation/accept",
       .handler = [&identity, cookies](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(body, net::ParseJsonObject(r));
         NET_TRY(token, net::StringField(*body, "token", {.max_bytes = kMaxTokenBytes}));
         NET_TRY(password, net::StringField(*body, "password", {.max_bytes = kMaxPasswordBytes}));
         NET_TRY(first, net::StringField(*body, "firstName", kNameRule));
         NET_TRY(last, net::StringField(*body, "lastName", kNameRule));
         InvitationAcceptance input{
             .token = **token, .password = **password, .first_name = *first, .last_name = *last};
         NET_TRY(session, co_await identity.AcceptInvitation(std::move(input), MetaOf(r)));
         co_return SessionResponse(201, *session, cookies);
       },
       .summary = "Join with an invitation link's token and a new password (signs in)",
       .max_body_bytes = kMaxInvitationBodyBytes,
       .rate_limit_per_ip = kInvitationLinkPerIp});
}

}  // namespace vizora::identity
