#pragma once

// Internal to platform/net: runs an upgraded connection (see websocket.hpp for the contract).

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>

#include "platform/net/detail/connection.hpp"
#include "platform/net/metrics.hpp"
#include "platform/net/websocket.hpp"

namespace platform::net::detail {

using UpgradeRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Completes the handshake and serves the socket until it closes.
boost::asio::awaitable<void> RunWebSocket(TcpStream stream, const UpgradeRequest& upgrade,
                                          std::shared_ptr<WebSocketHandler> handler,
                                          const WebSocketOptions& options,
                                          std::shared_ptr<Connection> connection,
                                          std::string remote_address, Metrics& metrics);

}  // namespace platform::net::detail
