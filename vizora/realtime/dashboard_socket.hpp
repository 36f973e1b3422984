#pragma once

// GET /ws/admin: dashboards hear their organization's events (API.md "WebSocket:
// dashboards"): device:status, device:paired, device:unpaired, command:result, and later
// content:ready and publish:delivered. Authenticated by the session cookie at the upgrade or
// by {"type":"hello","token":"<access token>"} within 10 s. Upgrades from a foreign Origin
// are refused (cookies ride along on cross-site upgrades).

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <vector>

#include "platform/bus/bus.hpp"
#include "platform/bus/rooms.hpp"
#include "platform/net/router.hpp"
#include "platform/net/socket_deadlines.hpp"
#include "vizora/identity/identity_service.hpp"

namespace vizora::realtime {

inline constexpr std::chrono::seconds kDashboardHelloTimeout{10};

// The dashboard sockets of this instance by organization; subscribed to an organization's
// topic while at least one of its dashboards is connected here.
class DashboardHub {
 public:
  explicit DashboardHub(platform::bus::Bus& bus);
  boost::asio::awaitable<void> Attach(const std::string& organization_id,
                                      std::shared_ptr<platform::net::WebSocket> socket);
  void Detach(const std::string& organization_id,
              const std::shared_ptr<platform::net::WebSocket>& socket);
  // Tells every dashboard here to read its pages again ({"type":"resync"}): after an outage
  // of the bus, events may have been lost on the way.
  void Resync();

 private:
  // Rooms are organizations; members their dashboards' sockets, by socket id.
  platform::bus::Rooms<std::shared_ptr<platform::net::WebSocket>> rooms_;
};

struct DashboardSocketContext {
  identity::IdentityService& identity;
  DashboardHub& hub;
  platform::net::SocketDeadlines& hello_deadlines;
  std::vector<std::string> allowed_origins;  // besides the server's own
};

void AddDashboardSocketRoute(platform::net::Router& router, DashboardSocketContext context);

}  // namespace vizora::realtime
