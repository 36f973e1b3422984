#include "vizora/realtime/dashboard_socket.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/auth/jwt.hpp"
#include "platform/core/clock.hpp"
#include "vizora/identity/identity_routes.hpp"
#include "vizora/realtime/topics.hpp"

namespace vizora::realtime {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

constexpr std::uint16_t kCloseUnauthorized = 4401;
constexpr std::size_t kMaxDashboardFrameBytes = 8 * 1024;

// The server's own origin (scheme + Host) or one of the allowed CORS origins; no Origin at
// all is a non-browser client, which carries no ambient cookie.
bool OriginAllowed(const net::Request& r, const std::vector<std::string>& allowed) {
  const std::string_view origin = r.Header("Origin");
  if (origin.empty()) return true;
  const std::string host(r.Header("Host"));
  if (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) return true;
  return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

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

  void OnClose(std::uint16_t) override {
    if (!socket_) return;
    ctx_.hello_deadlines.Met(socket_->id());
    if (attached_) ctx_.hub.Detach(who_->organization_id, socket_->id());
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
};

}  // namespace

struct DashboardHub::Organization {
  std::unordered_map<std::uint64_t, std::shared_ptr<net::WebSocket>> sockets;
  platform::bus::Subscription subscription;
};

DashboardHub::DashboardHub(platform::bus::Bus& bus) : bus_(bus) {}

DashboardHub::~DashboardHub() {
  decltype(organizations_) organizations;
  std::lock_guard lock(mutex_);
  organizations.swap(organizations_);
}

awaitable<void> DashboardHub::Attach(const std::string& organization_id,
                                     std::shared_ptr<net::WebSocket> socket) {
  std::shared_ptr<Organization> organization;
  bool subscribe = false;
  {
    std::lock_guard lock(mutex_);
    auto& slot = organizations_[organization_id];
    if (!slot) {
      slot = std::make_shared<Organization>();
      subscribe = true;
    }
    organization = slot;
    organization->sockets[socket->id()] = std::move(socket);
  }
  if (!subscribe) co_return;
  // Named locals: GCC 12 destroys a lambda temporary in a co_await call twice.
  std::string topic = DashboardsTopic(organization_id);
  platform::bus::Handler handler =
      [this, weak = std::weak_ptr<Organization>(organization)](const platform::bus::Message& m) {
        auto o = weak.lock();
        if (!o) return;
        std::vector<std::shared_ptr<net::WebSocket>> targets;
        {
          std::lock_guard lock(mutex_);
          for (const auto& [id, s] : o->sockets) targets.push_back(s);
        }
        net::SendToMany(targets, m);  // the published frame, shared as is
      };
  auto subscription = co_await bus_.Subscribe(std::move(topic), std::move(handler));
  std::lock_guard lock(mutex_);
  auto it = organizations_.find(organization_id);
  if (it != organizations_.end() && it->second == organization) {
    organization->subscription = std::move(subscription);
  }
}

void DashboardHub::Detach(const std::string& organization_id, std::uint64_t socket_id) {
  std::shared_ptr<Organization> emptied;
  {
    std::lock_guard lock(mutex_);
    auto it = organizations_.find(organization_id);
    if (it == organizations_.end()) return;
    it->second->sockets.erase(socket_id);
    if (it->second->sockets.empty()) {
      emptied = std::move(it->second);
      organizations_.erase(it);
    }
  }
  emptied.reset();  // unsubscribes, outside the lock
}

void AddDashboardSocketRoute(net::Router& router, DashboardSocketContext context) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/ws/admin",
              .websocket = [context](net::Request& r) -> awaitable<net::WebSocketAcceptResult> {
                if (!OriginAllowed(r, context.allowed_origins)) {
                  co_return net::Response::FromError(
                      platform::Error(platform::errors::kForbidden, "this origin may not connect"));
                }
                std::optional<identity::Principal> who;
                const identity::PresentedToken presented = identity::AccessTokenOf(r);
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
