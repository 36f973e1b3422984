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

// Completes the handshake and serves the socket until it closes, in a coroutine of its own on
// the connection's strand: the HTTP session that upgraded returns at once, so its buffers and
// frame are not carried for the life of the socket (memory per idle socket). `slot` is the
// server's record of the connection; it is released when the socket ends.
void StartWebSocket(TcpStream stream, UpgradeRequest upgrade,
                    std::shared_ptr<WebSocketHandler> handler, const WebSocketOptions& options,
                    std::shared_ptr<Connection> connection, std::string remote_address,
                    Metrics& metrics, std::shared_ptr<void> slot);

}  // namespace platform::net::detail
