#include "vizora/realtime/dashboard_socket.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/auth/jwt.hpp"
#include "platform/core/clock.hpp"
#include "platform/net/flood_guard.hpp"
#include "vizora/identity/identity_routes.hpp"
#include "vizora/realtime/topics.hpp"

namespace vizora::realtime {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

constexpr std::uint16_t kCloseUnauthorized = 4401;
constexpr std::size_t kMaxDashboardFrameBytes = 8 * 1024;
// A dashboard says hello once and listens; pings are all it sends after. This is far above.
constexpr net::FloodGuard::Limits kDashboardFrameLimits{
    .per_second = 5, .burst = 30, .max_refused_in_a_row = 50};

class DashboardSession final : public net::WebSocketHandler {
 public:
  DashboardSession(DashboardSocketContext context, std::optional<identity::Principal> who)
      : ctx_(std::move(context)), who_(std::move(who)) {}

  awaitable<void> OnOpen(std::shared_ptr<net::WebSocket> socket) override {
    socket_ = std::move(socket);
    if (who_) {
      co_await Welcome();
    } else {
      ctx_.hello_deadlines.Track(socket_);
    }
  }

  awaitable<void> OnMessage(std::string text) override {
    const auto verdict = flood_guard_.Admit(*socket_, platform::NowMillis());
    if (verdict != net::FloodGuard::Verdict::kAllow) {
      if (verdict == net::FloodGuard::Verdict::kRefuse) {
        SendError("RATE_LIMIT", "too many messages: slow down");
      }
      co_return;
    }
    boost::system::error_code ec;
    const json::value frame = json::parse(text, ec);
    if (ec || !frame.is_object() || !frame.as_object().contains("type")) {
      SendError("VALIDATION_001", "a frame is a JSON object with a type");
      co_return;
    }
    const auto& o = frame.as_object();
    if (o.at("type") != "hello") {
      SendError("VALIDATION_001", "dashboards only say hello; events flow the other way");
      co_return;
    }
    if (attached_) {
      SendError("VALIDATION_001", "hello was already said");
      co_return;
    }
    const auto* token = o.if_contains("token");
    if (token == nullptr || !token->is_string()) {
      socket_->Close(kCloseUnauthorized, "hello needs an access token");
      co_return;
    }
    auto who = ctx_.identity.Authenticate(std::string_view(token->as_string()));
    if (who) who = co_await ctx_.identity.ConfirmSession(std::move(*who));
    if (!who) {
      socket_->Close(kCloseUnauthorized, "invalid or expired access token");
      co_return;
    }
    ctx_.hello_deadlines.Met(socket_->id());
    who_ = std::move(*who);
    co_await Welcome();
  }

  void OnPing() override {
    if (socket_) flood_guard_.Admit(*socket_, platform::NowMillis());
  }

  void OnClose(std::uint16_t) override {
    if (!socket_) return;
    ctx_.hello_deadlines.Met(socket_->id());
    if (attached_) ctx_.hub.Detach(who_->organization_id, socket_);
    socket_.reset();
  }

 private:
  awaitable<void> Welcome() {
    co_await ctx_.hub.Attach(who_->organization_id, socket_);
    attached_ = true;
    Send(json::object{{"type", "welcome"},
                      {"organizationId", who_->organization_id},
                      {"userId", who_->user_id},
                      {"serverTime", platform::FormatIso8601(platform::NowMillis())}});
  }
  void Send(const json::object& frame) { socket_->Send(net::MakePayload(json::serialize(frame))); }
  void SendError(std::string_view code, std::string_view message) {
    Send(json::object{{"type", "error"}, {"code", code}, {"message", message}});
  }

  DashboardSocketContext ctx_;
  std::optional<identity::Principal> who_;
  std::shared_ptr<net::WebSocket> socket_;
  bool attached_ = false;
  net::FloodGuard flood_guard_{kDashboardFrameLimits, platform::NowMillis()};
};

}  // namespace

DashboardHub::DashboardHub(platform::bus::Bus& bus)
    : rooms_(bus, DashboardsTopic,
             [this](const std::string& organization_id, const platform::bus::Message& m) {
               net::SendToMany(rooms_.Members(organization_id), m);  // the frame, shared as is
             }) {}

awaitable<void> DashboardHub::Attach(const std::string& organization_id,
                                     std::shared_ptr<net::WebSocket> socket) {
  const std::string key = std::to_string(socket->id());
  co_await rooms_.Join(organization_id, key, std::move(socket));
}

void DashboardHub::Detach(const std::string& organization_id,
                          const std::shared_ptr<net::WebSocket>& socket) {
  rooms_.Leave(organization_id, std::to_string(socket->id()), socket);
}

void DashboardHub::Resync() {
  const auto sockets = rooms_.AllMembers([](const auto&) { return true; });
  if (sockets.empty()) return;
  net::SendToMany(sockets, net::MakePayload(R"({"type":"resync"})"));
}

void AddDashboardSocketRoute(net::Router& router, DashboardSocketContext context) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/ws/admin",
              .websocket = [context](net::Request& r) -> awaitable<net::WebSocketAcceptResult> {
                if (!platform::identity::OriginAllowed(r, context.allowed_origins)) {
                  co_return net::Response::FromError(
                      platform::Error(platform::errors::kForbidden, "this origin may not connect"));
                }
                std::optional<identity::Principal> who;
                const auto presented = identity::AccessTokenOf(r);
                if (presented.malformed) {
                  co_return net::Response::FromError(platform::Error(
                      platform::auth::errors::kTokenInvalid, "expected a Bearer token"));
                }
                const std::string_view token = presented.token;
                if (!token.empty()) {
                  auto authenticated = context.identity.Authenticate(token);
                  if (authenticated)
                    authenticated =
                        co_await context.identity.ConfirmSession(std::move(*authenticated));
                  if (!authenticated) co_return net::Response::FromError(authenticated.error());
                  who = std::move(*authenticated);
                }
                co_return std::make_shared<DashboardSession>(context, std::move(who));
              },
              .websocket_options = {.max_message_bytes = kMaxDashboardFrameBytes},
              .summary = "Dashboards' live events (API.md \"WebSocket: dashboards\")"});
}

}  // namespace vizora::realtime
